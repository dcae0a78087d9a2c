//! The small vocabularies that bridge a resident's words and the catalog's: the words that name
//! each situation (情形) of an item, and a table of colloquial and English phrasings → the terms
//! the guides are written in. Kept short and general on purpose: the catalog's own aliases carry
//! the specific phrasings; this table carries the ways of speaking that cut across many guides.

use quanke_domain::catalog::vocab::Situation;

/// Words that name a situation in Chinese (indexed with each guide of that situation, and joined
/// to the item's names for the pinyin keys, so that "低保 + 复核" reaches the review guide).
pub fn situation_words(s: Situation) -> &'static [&'static str] {
    match s {
        Situation::New => &["申请", "新办", "申领", "办理", "登记"],
        Situation::Review => &["复核", "年审", "年检", "审核", "核查", "认证"],
        Situation::Change => &["变更", "修改", "更改", "变动", "变", "改"],
        Situation::Cancel => &["注销", "停止", "停发", "终止", "取消", "退出", "停", "退"],
        Situation::Renewal => &[
            "换领", "换发", "换证", "续办", "续签", "补换", "补办", "挂失", "到期", "过期", "续",
            "换",
        ],
        Situation::Report => &["举报", "反映", "投诉", "报修", "报告"],
        Situation::Consult => &["咨询", "怎么办"],
        Situation::Other => &["补办", "挂失", "开具"],
    }
}

/// English words that say which situation is wanted.
fn situation_words_en_query(s: Situation) -> &'static [&'static str] {
    match s {
        Situation::New => &["apply", "application", "applying"],
        Situation::Review => &["review", "annual", "yearly"],
        Situation::Change => &["change", "update", "correct"],
        Situation::Cancel => &["cancel", "stop", "stopping", "terminate", "end"],
        Situation::Renewal => &[
            "renew",
            "renewal",
            "replace",
            "replacement",
            "expired",
            "lost",
        ],
        Situation::Report => &["report", "complain", "complaint"],
        Situation::Consult => &["advice"],
        Situation::Other => &["reissue", "lost", "loss"],
    }
}

/// The situations that the query's words (jieba words and Latin words, normalised) name: "退" →
/// cancellation, "补办" → renewal or other, "report" → report.
pub fn mentioned(words: &[String]) -> Vec<Situation> {
    Situation::ALL
        .iter()
        .copied()
        .filter(|&s| {
            words.iter().any(|w| {
                situation_words(s).contains(&w.as_str())
                    || situation_words_en_query(s).contains(&w.as_str())
            })
        })
        .collect()
}

/// English words that name a situation.
pub fn situation_words_en(s: Situation) -> &'static str {
    match s {
        Situation::New => "apply application new claim register",
        Situation::Review => "review annual check confirm",
        Situation::Change => "change update correct",
        Situation::Cancel => "cancel stop end terminate close",
        Situation::Renewal => "renew renewal replace replacement exchange",
        Situation::Report => "report complain complaint",
        Situation::Consult => "advice ask",
        Situation::Other => "issue certificate",
    }
}

/// Colloquial Chinese → the catalog's terms. When a query contains any of the left-hand words,
/// the right-hand terms are searched too (with a lower weight than the query's own words).
const ZH: &[(&[&str], &str)] = &[
    (
        &["八十", "九十", "80岁", "90岁", "百岁", "一百岁", "长寿"],
        "高龄 高龄津贴",
    ),
    (
        &[
            "老人", "老头", "老太", "老伴", "爷爷", "奶奶", "姥姥", "姥爷", "外公", "外婆", "大爷",
            "大妈",
        ],
        "老年人",
    ),
    (
        &[
            "补助",
            "津贴",
            "补贴",
            "给钱",
            "发钱",
            "领钱",
            "领什么钱",
            "钱拿",
        ],
        "补贴 补助 津贴",
    ),
    (
        &[
            "没工作",
            "没了工作",
            "丢了工作",
            "下岗",
            "辞退",
            "裁员",
            "开除",
            "失业了",
        ],
        "失业",
    ),
    (&["找工作", "找活", "上班", "就业"], "就业"),
    (
        &["残废", "瘸", "瞎", "聋", "哑", "截肢", "智障", "傻"],
        "残疾",
    ),
    (&["瘫痪", "瘫在床", "卧床", "伺候"], "重度残疾 护理"),
    (&["吵", "噪音", "扰民", "闹腾"], "噪声 扰民"),
    (
        &["孩子", "小孩", "娃", "儿子", "闺女", "女儿", "宝宝"],
        "儿童 子女",
    ),
    (
        &["丢了", "丢失", "弄丢", "找不到了", "遗失", "补个"],
        "挂失 补办",
    ),
    (&["坏了", "不亮", "破了", "损坏"], "报修 破损"),
    (
        &[
            "去世",
            "过世",
            "人走了",
            "死了",
            "不在了",
            "孩子没了",
            "子女没了",
            "老伴没了",
        ],
        "去世 死亡",
    ),
    (&["当兵", "参军", "入伍", "部队"], "军人 义务兵"),
    (&["退伍", "转业", "复员", "老兵", "当过兵"], "退役军人"),
    (&["狗"], "犬 养犬"),
    (&["电瓶车", "电动车", "电车"], "电动自行车"),
    (&["律师", "打官司", "告状", "起诉"], "法律援助"),
    (&["骗", "诈骗", "骗子", "被坑"], "涉诈 反诈"),
    (
        &["吵架", "打架", "闹矛盾", "纠纷", "扯皮", "评理"],
        "矛盾纠纷 调解",
    ),
    (&["结婚", "离婚", "领证"], "婚姻登记"),
    (
        &["怀孕", "生孩子", "生娃", "二胎", "三胎", "生二孩"],
        "生育",
    ),
    (&["备孕", "要孩子"], "孕前优生"),
    (&["看病", "住院", "报销"], "医疗 疾病"),
    (&["刷脸", "生存认证"], "资格认证"),
    (&["摆摊", "地摊", "小摊", "小贩"], "占道经营"),
    (&["乱搭", "乱建", "加盖", "私建"], "违法建设"),
    (&["沙发", "床垫", "旧家具", "柜子", "衣柜"], "大件垃圾"),
    (&["年审", "每年审", "复查", "年检"], "复核 认证"),
    (&["穷", "困难", "没钱", "揭不开锅", "过不下去"], "困难"),
    (&["医保"], "医疗保险"),
    (&["社保"], "社会保险 社会保障"),
    (&["养老金", "退休金"], "养老保险 养老金"),
    (&["租房", "租客", "房客", "租户"], "出租 租赁"),
    (&["租出去", "出租", "房东"], "出租房屋"),
    (
        &["外地人", "外地户口", "外来", "外地来", "打工的"],
        "流动人口",
    ),
    (&["自闭", "孤独症", "脑瘫"], "残疾儿童 康复"),
    (&["轮椅", "拐杖", "假肢", "助听器", "助行器"], "辅助器具"),
    (&["扶手", "坡道", "防滑"], "无障碍 适老化 改造"),
    (&["吃饭", "食堂", "送餐"], "助餐"),
    (&["保姆", "上门照顾", "护工"], "养老服务"),
    (&["丧葬", "火化", "殡仪"], "殡葬"),
    (&["体检", "查体"], "健康体检"),
    (&["慢性病", "慢病", "高血压", "糖尿病"], "门诊慢特病"),
    (&["开店", "做生意", "开公司"], "创业"),
    (&["贷款", "借钱"], "贷款 担保"),
    (&["坐牢", "服刑", "判刑", "缓刑", "假释"], "矫正"),
    (&["下水道"], "井盖"),
    (&["着火", "火灾", "消防", "煤气", "燃气"], "安全隐患"),
    (&["垃圾"], "垃圾 清运"),
    (&["招牌", "广告牌", "门头"], "门头招牌"),
    (&["树"], "树木"),
    (&["党费"], "党费"),
    (&["入党", "加入党", "共产党"], "入党申请"),
    (&["党关系", "组织关系"], "党员组织关系"),
    (&["转走", "调走", "迁走", "转出去"], "转出"),
    (&["找不到工作", "就业难", "难就业"], "就业困难"),
    (&["手艺", "学技术", "学门技术"], "职业技能 培训"),
    (&["良民证", "无犯罪"], "无犯罪记录证明"),
    (&["暂住"], "居住登记 居住证"),
    (&["出生证"], "出生医学证明"),
    (&["独生"], "独生子女"),
    (&["失独"], "计划生育家庭特别扶助"),
];

/// English words → the catalog's English terms (matched on whole words, before stemming).
const EN: &[(&[&str], &str)] = &[
    (
        &["subsidy", "benefit", "allowance", "money", "grant"],
        "allowance subsidy benefit",
    ),
    (
        &[
            "old",
            "elderly",
            "senior",
            "aged",
            "grandpa",
            "grandma",
            "grandfather",
            "grandmother",
        ],
        "older old-age",
    ),
    (
        &["lost", "lose", "missing", "stolen"],
        "loss replacement reissue",
    ),
    (&["noise", "noisy", "loud"], "noise"),
    (&["dog", "dogs", "puppy"], "dog"),
    (
        &["scam", "scammer", "scammed", "cheated", "fraudster"],
        "fraud",
    ),
    (&["lawyer", "lawsuit", "court", "sue"], "legal aid"),
    (&["ebike", "e-bike", "scooter"], "e-bike"),
    (
        &["kid", "kids", "baby", "son", "daughter"],
        "child children",
    ),
    (
        &["job", "jobs", "work", "jobless"],
        "employment unemployment",
    ),
    (&["fired", "laid", "redundant"], "unemployment"),
    (
        &[
            "army",
            "soldier",
            "military",
            "ex-soldier",
            "veteran",
            "veterans",
        ],
        "veteran",
    ),
    (&["died", "death", "dead", "passed"], "death funeral"),
    (&["broken", "broke", "dark"], "broken repair"),
    (&["sofa", "furniture", "mattress", "wardrobe"], "bulky"),
    (
        &["argument", "quarrel", "fight", "conflict"],
        "dispute mediation",
    ),
    (&["pregnant", "pregnancy", "baby"], "pregnancy birth"),
    (&["crutches", "hearing"], "assistive devices"),
    (&["doctor", "gp"], "doctor"),
    (&["poor", "poverty", "broke", "hardship"], "hardship"),
    (
        &["proof", "alive", "verification", "verify"],
        "confirmation entitlement",
    ),
    (
        &["business", "shop", "startup", "start-up"],
        "business start-up",
    ),
    (&["rent", "renting", "tenant", "landlord"], "rented housing"),
    (&["migrant", "outsider", "non-local"], "non-local migrants"),
];

/// The catalog's terms for the colloquial Chinese in `query` (normalised), joined by spaces.
pub fn expand_zh(query: &str) -> String {
    let mut out = String::new();
    for (triggers, terms) in ZH {
        if triggers.iter().any(|t| query.contains(t)) {
            out.push(' ');
            out.push_str(terms);
        }
    }
    out
}

/// The catalog's English terms for the English words in `words` (lower case), joined by spaces.
pub fn expand_en(words: &[String]) -> String {
    let mut out = String::new();
    for (triggers, terms) in EN {
        if words.iter().any(|w| triggers.contains(&w.as_str())) {
            out.push(' ');
            out.push_str(terms);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table must not carry the eval sets' own wordings: quality is measured on phrasings
    /// the index does not contain.
    #[test]
    fn no_trigger_is_a_query_of_the_eval_sets() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/search");
        let triggers: Vec<&str> = ZH
            .iter()
            .chain(EN)
            .flat_map(|(t, _)| t.iter().copied())
            .collect();
        for file in ["eval.tsv", "holdout.tsv"] {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            for query in text.lines().filter_map(|l| l.split('\t').next()) {
                assert!(!triggers.contains(&query), "{query:?} ({file})");
            }
        }
    }
}
