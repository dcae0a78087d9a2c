//! What every page shares: the language, the caller, the anti-forgery token, and the navigation of
//! the whole product (parts not built yet are marked and lead to a page that says so).

use crate::auth::{urlencode, Identity};
use crate::error::PageError;
use crate::i18n::Lang;
use quanke_domain::account::Role;
use tower_sessions::Session;

/// One entry of the product's navigation.
pub(crate) struct NavEntry {
    pub key: &'static str,
    pub href: &'static str,
    pub roles: &'static [Role],
    /// False while the part is still being built; its page says so.
    pub ready: bool,
}

use Role::{Admin, Auditor, Grid, Reviewer, Worker};

/// The product, in the order people meet it.
pub(crate) const NAV: &[NavEntry] = &[
    NavEntry {
        key: "nav.home",
        href: "/",
        roles: &[Admin, Worker, Grid, Reviewer, Auditor],
        ready: true,
    },
    NavEntry {
        key: "nav.catalog",
        href: "/catalog",
        roles: &[Admin, Worker, Grid, Reviewer],
        ready: true,
    },
    NavEntry {
        key: "nav.intake",
        href: "/intake",
        roles: &[Worker, Grid, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.cases",
        href: "/cases",
        roles: &[Worker, Grid, Reviewer, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.residents",
        href: "/residents",
        roles: &[Worker, Grid, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.grid",
        href: "/grid",
        roles: &[Grid, Worker, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.events",
        href: "/events",
        roles: &[Grid, Worker, Reviewer, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.training",
        href: "/training",
        roles: &[Worker, Grid, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.rosters",
        href: "/rosters",
        roles: &[Worker, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.queue",
        href: "/queue",
        roles: &[Worker, Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.dashboards",
        href: "/dashboards",
        roles: &[Admin, Reviewer],
        ready: false,
    },
    NavEntry {
        key: "nav.org",
        href: "/admin/org",
        roles: &[Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.users",
        href: "/admin/users",
        roles: &[Admin],
        ready: true,
    },
    NavEntry {
        key: "cases.nav_calendar",
        href: "/admin/calendar",
        roles: &[Admin],
        ready: true,
    },
    NavEntry {
        key: "nav.audit",
        href: "/audit",
        roles: &[Auditor],
        ready: true,
    },
];

/// The logged-in person as the header shows them.
pub(crate) struct Badge {
    pub display_name: String,
    pub username: String,
    pub role: Role,
}

/// The frame around every page.
pub(crate) struct Chrome {
    pub lang: Lang,
    pub user: Option<Badge>,
    pub csrf: String,
    pub path: String,
    pub nav: Vec<&'static NavEntry>,
    /// The search box's text, on the search page.
    pub search_q: Option<String>,
}

impl Chrome {
    /// Build the frame for a request.
    pub async fn new(
        lang: Lang,
        session: &Session,
        ident: Option<&Identity>,
        path: &str,
    ) -> Result<Chrome, PageError> {
        let csrf = crate::csrf::token(session).await?;
        let (user, nav) = match ident {
            Some(id) => (
                Some(Badge {
                    display_name: id.user.display_name.clone(),
                    username: id.user.username.clone(),
                    role: id.user.role,
                }),
                NAV.iter()
                    .filter(|n| n.roles.contains(&id.user.role))
                    .collect(),
            ),
            None => (None, Vec::new()),
        };
        Ok(Chrome {
            lang,
            user,
            csrf,
            path: path.to_string(),
            nav,
            search_q: None,
        })
    }

    /// Translate a key into the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The page's language code for `<html lang>`.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// True in English.
    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// The link of the language switch: to the other language, back to this page.
    pub fn switch_href(&self) -> String {
        let to = match self.lang.other() {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        format!("/lang/{to}?next={}", urlencode(&self.path))
    }

    /// True when the caller may search the catalog (the header's search box).
    pub fn can_search(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| crate::pages::CATALOG_READERS.contains(&u.role))
    }

    /// True when the caller may take in applications (the intake button on a guide).
    pub fn can_take_in(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| quanke_domain::cases::workflow::may_take_in(u.role))
    }

    /// A role's name in the page's language.
    pub fn role_name(&self, role: &Role) -> &'static str {
        self.t(role_key(*role))
    }

    /// True when `href` is the current section (for highlighting the navigation).
    pub fn is_current(&self, href: &str) -> bool {
        if href == "/" {
            self.path == "/"
        } else {
            self.path == href || self.path.starts_with(&format!("{href}/"))
        }
    }
}

/// The translation key of a role's name.
pub(crate) fn role_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "role.admin",
        Role::Worker => "role.worker",
        Role::Grid => "role.grid",
        Role::Reviewer => "role.reviewer",
        Role::Auditor => "role.auditor",
    }
}

/// A Unix-ms time as Beijing time, `YYYY-MM-DD HH:MM`.
pub(crate) fn beijing(ms: i64) -> String {
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
