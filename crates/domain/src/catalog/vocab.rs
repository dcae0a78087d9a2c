//! The catalog's fixed vocabularies: resident tags, life events, situations, delivery channels,
//! acting roles and material forms, each with its names in both languages.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in the order they are listed to people.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code used in files, URLs and the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The name in Chinese.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// The name in English.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            /// Parse a code.
            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// A group of residents that services and grid work care about (most are sensitive personal
    /// information under PIPL Art. 28).
    Tag {
        ElderlyAlone = "elderly_alone", "独居老人", "Elderly living alone";
        Aged80 = "aged_80", "高龄老人", "Aged 80 or over";
        Disabled = "disabled", "残疾人", "Person with a disability";
        Dibao = "dibao", "低保对象", "Minimum living allowance";
        Tekun = "tekun", "特困人员", "Extreme-poverty support";
        Veteran = "veteran", "退役军人", "Veteran";
        PartyMember = "party_member", "党员", "Party member";
        Unemployed = "unemployed", "失业人员", "Unemployed";
        Floating = "floating", "流动人口", "Floating population";
        Renter = "renter", "租户", "Tenant";
        CommunityCorrection = "community_correction", "社区矫正对象", "Under community correction";
        KeyYouth = "key_youth", "重点青少年", "Key youth";
        LeftBehindChild = "left_behind_child", "留守儿童", "Left-behind child";
        OnlyChildParent = "only_child_parent", "独生子女父母", "Parent of an only child";
    }
}

vocabulary! {
    /// Moments in a resident's life that bring several services at once ("tell us once").
    LifeEvent {
        Birth = "birth", "生育", "A baby is born";
        School = "school", "入学", "Starting school";
        Turning60 = "turning_60", "年满60周岁", "Turning 60";
        Turning80 = "turning_80", "年满80周岁", "Turning 80";
        Retirement = "retirement", "退休", "Retirement";
        Disability = "disability", "残疾", "Disability";
        Unemployment = "unemployment", "失业", "Losing a job";
        Hardship = "hardship", "生活困难", "Hardship";
        Illness = "illness", "患病", "Illness";
        Death = "death", "亲人去世", "A death in the family";
        MovingIn = "moving_in", "迁入社区", "Moving into the community";
        MovingOut = "moving_out", "迁出", "Moving away";
        Renting = "renting", "租房", "Renting a home";
        Veteran = "veteran", "退役", "Leaving the armed forces";
        Party = "party", "党员事务", "Party membership";
        Dispute = "dispute", "矛盾纠纷", "A dispute";
        Neighbourhood = "neighbourhood", "身边的环境问题", "A problem in the neighbourhood";
        Entrepreneurship = "entrepreneurship", "创业", "Starting a business";
    }
}

vocabulary! {
    /// The situation (情形) of an item that a guide covers.
    Situation {
        New = "new", "新申请", "New application";
        Review = "review", "年度复核", "Annual review";
        Change = "change", "变更", "Change";
        Cancel = "cancel", "注销/停止", "Cancellation";
        Renewal = "renewal", "换领/续办", "Renewal";
        Report = "report", "反映/举报", "Report";
        Consult = "consult", "咨询", "Consultation";
        Other = "other", "其他", "Other";
    }
}

vocabulary! {
    /// How the result reaches the resident.
    Delivery {
        Window = "window", "窗口领取", "Collected at the window";
        Post = "post", "邮寄送达", "By post";
        Sms = "sms", "短信告知", "By text message";
        Online = "online", "网上查询", "Online";
        Bank = "bank", "银行发放", "Paid into a bank account";
        Onsite = "onsite", "上门送达", "Delivered at home";
    }
}

vocabulary! {
    /// Who acts in a process step.
    StepRole {
        Worker = "worker", "全科社工", "General social worker";
        Grid = "grid", "网格员", "Grid worker";
        Reviewer = "reviewer", "街道科室审核", "Subdistrict reviewer";
        Department = "department", "主管部门", "Competent department";
        Resident = "resident", "申请人", "Applicant";
        Admin = "admin", "街道管理员", "Administrator";
    }
}

vocabulary! {
    /// What kind of document a material is.
    MaterialForm {
        Original = "original", "原件", "Original";
        Copy = "copy", "复印件", "Copy";
        OriginalAndCopy = "original_and_copy", "原件及复印件", "Original and copy";
        Form = "form", "窗口填写表格", "Form filled in at the window";
        Photo = "photo", "照片/影像", "Photo or recording";
    }
}
