//! The fixed words printed on every guide, in Chinese and in English. The guide's own content
//! comes from the catalog; only these headings and captions live in code.

use serde::Serialize;

/// The captions of one language. Section titles carry their numbering.
#[derive(Debug, Serialize)]
pub(crate) struct Labels {
    pub kicker: &'static str,
    pub code: &'static str,
    pub legal_days: &'static str,
    pub promised_days: &'static str,
    pub fee: &'static str,
    pub visits: &'static str,
    pub who: &'static str,
    pub materials: &'static str,
    pub material_cols: [&'static str; 6],
    pub no_materials: &'static str,
    pub steps: &'static str,
    pub step_cols: [&'static str; 5],
    pub place: &'static str,
    pub department: &'static str,
    pub window: &'static str,
    pub hours: &'static str,
    pub phone: &'static str,
    pub complaint_phone: &'static str,
    pub result: &'static str,
    pub result_is: &'static str,
    pub delivery_is: &'static str,
    pub faqs: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
    pub legal_basis: &'static str,
    /// "Page {n} of {total}" split around the two numbers.
    pub page: [&'static str; 3],
    // Words used while building the sheet, not printed as captions.
    #[serde(skip)]
    pub required_yes: &'static str,
    #[serde(skip)]
    pub required_no: &'static str,
    #[serde(skip)]
    pub waiver: &'static str,
    #[serde(skip)]
    pub on_the_spot: &'static str,
    #[serde(skip)]
    pub list_sep: &'static str,
    #[serde(skip)]
    pub trail_sep: &'static str,
    #[serde(skip)]
    pub footer: &'static str,
    #[serde(skip)]
    pub printed: &'static str,
    #[serde(skip)]
    pub delivery_sep: &'static str,
}

/// 中文.
pub(crate) const ZH: Labels = Labels {
    kicker: "办事指南（明白纸）",
    code: "编码",
    legal_days: "法定办结时限",
    promised_days: "承诺办结时限",
    fee: "收费标准",
    visits: "到现场次数",
    who: "一、受理条件",
    materials: "二、申请材料（请逐项核对后打勾）",
    material_cols: ["核对", "材料名称", "形式", "份数", "是否必需", "说明"],
    no_materials: "本事项无需提交材料。",
    steps: "三、办理流程",
    step_cols: ["步骤", "环节", "办理人", "办理内容", "时限"],
    place: "四、办理地点与联系方式",
    department: "实施主体",
    window: "受理窗口",
    hours: "办公时间",
    phone: "咨询电话",
    complaint_phone: "投诉电话",
    result: "五、办理结果",
    result_is: "办理结果：",
    delivery_is: "送达方式：",
    faqs: "六、常见问题",
    question: "问：",
    answer: "答：",
    legal_basis: "七、设定依据",
    page: ["第 ", " 页 / 共 ", " 页"],
    required_yes: "必需",
    required_no: "视情况",
    waiver: "免提交：",
    on_the_spot: "即办",
    list_sep: "；",
    trail_sep: " › ",
    footer: "本明白纸内容为示例，办理前请以主管部门最新规定为准。",
    printed: "打印日期：",
    delivery_sep: "、",
};

/// English.
pub(crate) const EN: Labels = Labels {
    kicker: "Service guide",
    code: "Code",
    legal_days: "Legal time limit",
    promised_days: "Promised time limit",
    fee: "Fee",
    visits: "Visits needed",
    who: "1. Who may apply",
    materials: "2. What to bring (tick each item)",
    material_cols: ["Tick", "Document", "Form", "Copies", "Required", "Note"],
    no_materials: "No documents are needed.",
    steps: "3. Steps",
    step_cols: ["No.", "Step", "By", "What happens", "Limit"],
    place: "4. Where to go",
    department: "Department",
    window: "Window",
    hours: "Hours",
    phone: "Enquiries",
    complaint_phone: "Complaints",
    result: "5. Result",
    result_is: "Result: ",
    delivery_is: "Delivered: ",
    faqs: "6. Frequently asked questions",
    question: "Q: ",
    answer: "A: ",
    legal_basis: "7. Legal basis",
    page: ["Page ", " of ", ""],
    required_yes: "Yes",
    required_no: "If applicable",
    waiver: "",
    on_the_spot: "On the spot",
    list_sep: "; ",
    trail_sep: " › ",
    footer: "Illustrative content: check the department's current rules before applying.",
    printed: "Printed ",
    delivery_sep: " · ",
};
