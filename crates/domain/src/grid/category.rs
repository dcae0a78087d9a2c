//! The event taxonomy: what a grid worker or a resident reports, grouped by the data domains of the
//! seed's handheld terminals (city management, comprehensive governance, human resources and social
//! security, party building) plus civil affairs. The codes are stable; the names follow the city
//! management and governance guides' wording.

use serde::Serialize;

/// The data domain an event category belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    CityManagement,
    Governance,
    SocialSecurity,
    PartyBuilding,
    CivilAffairs,
}

impl Domain {
    /// Every domain, in the order they are listed.
    pub const ALL: [Domain; 5] = [
        Domain::CityManagement,
        Domain::Governance,
        Domain::SocialSecurity,
        Domain::PartyBuilding,
        Domain::CivilAffairs,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Domain::CityManagement => "city_management",
            Domain::Governance => "governance",
            Domain::SocialSecurity => "social_security",
            Domain::PartyBuilding => "party_building",
            Domain::CivilAffairs => "civil_affairs",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Domain::CityManagement => "城市管理",
            Domain::Governance => "综合治理",
            Domain::SocialSecurity => "人力资源和社会保障",
            Domain::PartyBuilding => "党建",
            Domain::CivilAffairs => "民政",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Domain::CityManagement => "City management",
            Domain::Governance => "Comprehensive governance",
            Domain::SocialSecurity => "Human resources and social security",
            Domain::PartyBuilding => "Party building",
            Domain::CivilAffairs => "Civil affairs",
        }
    }
}

/// One category of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Category {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub domain: Domain,
}

const fn c(code: &'static str, zh: &'static str, en: &'static str, domain: Domain) -> Category {
    Category {
        code,
        zh,
        en,
        domain,
    }
}

use Domain::*;

/// Every category, grouped by domain.
pub const CATEGORIES: &[Category] = &[
    c(
        "litter",
        "暴露垃圾、积存垃圾",
        "Litter or uncollected rubbish",
        CityManagement,
    ),
    c(
        "illegal_parking",
        "乱停乱放",
        "Illegal parking",
        CityManagement,
    ),
    c(
        "road_damage",
        "道路破损",
        "Damaged road or pavement",
        CityManagement,
    ),
    c(
        "street_light",
        "路灯损坏",
        "Broken street light",
        CityManagement,
    ),
    c(
        "manhole",
        "井盖缺失破损",
        "Missing or broken manhole cover",
        CityManagement,
    ),
    c(
        "illegal_construction",
        "违法建设",
        "Illegal construction",
        CityManagement,
    ),
    c(
        "street_vending",
        "占道经营",
        "Street vending blocking the way",
        CityManagement,
    ),
    c("greenery", "绿化损坏", "Damaged greenery", CityManagement),
    c(
        "dispute",
        "矛盾纠纷",
        "Dispute between residents",
        Governance,
    ),
    c("safety_hazard", "安全隐患", "Safety hazard", Governance),
    c(
        "fire_hazard",
        "消防隐患",
        "Fire hazard (blocked exits, e-bikes charging indoors)",
        Governance,
    ),
    c("public_order", "治安问题", "Public order", Governance),
    c("wage_arrears", "拖欠工资", "Unpaid wages", SocialSecurity),
    c(
        "employment_help",
        "就业求助",
        "Asking for help finding work",
        SocialSecurity,
    ),
    c(
        "party_activity",
        "党员活动与诉求",
        "Party members' activities and requests",
        PartyBuilding,
    ),
    c(
        "hardship_help",
        "困难群众求助",
        "A resident in hardship asking for help",
        CivilAffairs,
    ),
    c(
        "elderly_care",
        "老人照料",
        "An elderly person needing care",
        CivilAffairs,
    ),
    c("other", "其他", "Other", Governance),
];

/// The category with this code.
pub fn category(code: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_every_domain_has_a_category() {
        let mut codes: Vec<&str> = CATEGORIES.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATEGORIES.len());
        for d in Domain::ALL {
            assert!(CATEGORIES.iter().any(|c| c.domain == d), "{d:?}");
        }
        assert_eq!(category("litter").unwrap().zh, "暴露垃圾、积存垃圾");
        assert!(category("nope").is_none());
    }
}
