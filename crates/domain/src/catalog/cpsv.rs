//! The catalog as CPSV-AP (the EU Core Public Service Vocabulary) in JSON-LD, for exchange with
//! other systems. Each guide is a `cpsv:PublicService`; categories and life events group them.
//! The vocabulary's IRIs are names in the data, not addresses anything is loaded from.

use super::model::Guide;
use super::Catalog;
use serde_json::{json, Value};

fn lang(zh: &str, en: &str) -> Value {
    json!([{ "@value": zh, "@language": "zh-Hans" }, { "@value": en, "@language": "en" }])
}

fn service_id(code: &str) -> String {
    format!("urn:quanke:service:{code}")
}

fn service(c: &Catalog, g: &Guide) -> Value {
    let category = c.category(g.category_code());
    let item = c.item_of(&g.code);
    let criteria: Vec<Value> = g
        .conditions_zh
        .iter()
        .zip(&g.conditions_en)
        .map(|(zh, en)| json!({ "@type": "cv:CriterionRequirement", "dct:title": lang(zh, en) }))
        .collect();
    let evidence: Vec<Value> = g
        .materials
        .iter()
        .map(|m| {
            json!({
                "@type": "cv:Evidence",
                "dct:identifier": m.key,
                "dct:title": lang(&m.name_zh, &m.name_en),
                "dct:description": m.note_zh.clone().unwrap_or_default(),
                "quanke:form": m.form.code(),
                "quanke:copies": m.copies,
                "quanke:required": m.required,
            })
        })
        .collect();
    json!({
        "@id": service_id(&g.code),
        "@type": "cpsv:PublicService",
        "dct:identifier": g.code,
        "dct:title": lang(&g.name_zh, &g.name_en),
        "dct:description": lang(&g.summary_zh, &g.summary_en),
        "dct:type": category.map(|k| lang(&k.name_zh, &k.name_en)).unwrap_or(Value::Null),
        "quanke:item": item.map(|i| json!({ "dct:identifier": i.code, "dct:title": lang(&i.name_zh, &i.name_en) })).unwrap_or(Value::Null),
        "quanke:situation": g.situation.code(),
        "dct:alternative": g.aliases,
        "cv:hasCompetentAuthority": { "@type": "cv:PublicOrganisation", "skos:prefLabel": lang(&g.department_zh, &g.department_en) },
        "cv:hasChannel": [{
            "@type": "cv:Channel",
            "dct:type": "assistant",
            "dct:description": lang(&g.window_zh, &g.window_en),
            "cv:openingHours": lang(&g.hours_zh, &g.hours_en),
            "cv:hasContactPoint": { "@type": "cv:ContactPoint", "cv:telephone": g.phone }
        }],
        "cv:hasCriterion": criteria,
        "cv:hasInput": evidence,
        "cv:hasCost": { "@type": "cv:Cost", "cv:value": g.fee_yuan, "cv:currency": "CNY", "dct:description": lang(&g.fee_zh, &g.fee_en) },
        "cv:processingTime": format!("P{}D", g.promised_days),
        "quanke:legalWorkingDays": g.legal_days,
        "quanke:promisedWorkingDays": g.promised_days,
        "quanke:visits": g.visits,
        "cv:hasLegalResource": g.legal_basis.iter().map(|b| json!({ "@type": "eli:LegalResource", "dct:title": b })).collect::<Vec<_>>(),
        "cpsv:produces": { "@type": "cv:Output", "dct:title": lang(&g.result_zh, &g.result_en), "quanke:delivery": g.delivery.iter().map(|d| d.code()).collect::<Vec<_>>() },
        "cv:isGroupedBy": g.life_events.iter().map(|e| format!("urn:quanke:life-event:{}", e.code())).collect::<Vec<_>>(),
        "dct:relation": g.related.iter().map(|r| service_id(r)).collect::<Vec<_>>(),
    })
}

/// The whole catalog as one JSON-LD document.
pub fn export(c: &Catalog) -> Value {
    let mut graph: Vec<Value> = c.guides().map(|g| service(c, g)).collect();
    for e in super::vocab::LifeEvent::ALL {
        graph.push(json!({
            "@id": format!("urn:quanke:life-event:{}", e.code()),
            "@type": "cv:Event",
            "dct:title": lang(e.zh(), e.en()),
        }));
    }
    json!({
        "@context": {
            "cpsv": "http://purl.org/vocab/cpsv#",
            "cv": "http://data.europa.eu/m8g/",
            "dct": "http://purl.org/dc/terms/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "eli": "http://data.europa.eu/eli/ontology#",
            "quanke": "urn:quanke:vocab:"
        },
        "@graph": graph,
    })
}
