//! What changed since a visitor's last consent, for the re-prompt after a policy change.
//!
//! The consent record ([`crate::core::record`]) keeps the canonical text of the policy agreed
//! to; the current config gives today's ([`crate::core::policy::Canonical`]). Every part that
//! takes part in the policy hash is compared, so the list is complete: when the record is not
//! the one behind the visitor's cookie, or the two texts cannot be compared, there is no list
//! at all (the banner then says only that the policy was updated) — never a wrong one.

use std::borrow::Cow;

use crate::core::decision::Engine;
use crate::core::policy::{Canonical, CanonicalService};
use crate::core::record::ConsentRecord;

/// One difference between the terms agreed to and today's, in the order the banner lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Another operator: its name.
    Operator(String),
    /// The same operator's address, e-mail, ИНН or ОГРН.
    OperatorDetails,
    /// A new revision of the policy.
    Revision(String),
    /// The policy's address or document digest, under the same revision.
    PolicyDocument,
    /// An optional category of today's config that was not offered then (its id).
    CategoryAdded(String),
    /// A category offered then that is gone (its id).
    CategoryRemoved(String),
    /// A service of today's config that was not listed then (its id).
    ServiceAdded(String),
    /// A service now in another category than then (its id).
    ServiceMoved(String),
    /// A service whose provider, purpose, catalog wording or transfer abroad changed (its id).
    ServiceChanged(String),
    /// A service listed then and gone now, with the name the dialog showed then.
    ServiceRemoved(String),
}

/// What changed between the terms of `record` and the engine's config, when the record is the
/// one behind the stale decision in the visitor's cookie; empty otherwise.
pub fn since(record: Option<&ConsentRecord>, engine: &Engine) -> Vec<Change> {
    let Some((record, earlier)) = record.zip(engine.earlier.as_ref()) else {
        return Vec::new();
    };
    let Some(then) = record.agreed(earlier) else {
        return Vec::new();
    };
    let now = Canonical::of(&engine.config);
    if then.v != now.v {
        return Vec::new();
    }
    let mut out = Vec::new();
    if then.operator.name != now.operator.name {
        out.push(Change::Operator(now.operator.name.to_string()));
    } else if then.operator != now.operator {
        out.push(Change::OperatorDetails);
    }
    if then.policy.revision != now.policy.revision {
        out.push(Change::Revision(now.policy.revision.to_string()));
    } else if then.policy != now.policy {
        out.push(Change::PolicyDocument);
    }
    let added = |from: &[Cow<str>], to: &[Cow<str>]| -> Vec<String> {
        to.iter()
            .filter(|id| !from.contains(id))
            .map(|id| id.to_string())
            .collect()
    };
    out.extend(
        added(&then.categories, &now.categories)
            .into_iter()
            .map(Change::CategoryAdded),
    );
    out.extend(
        added(&now.categories, &then.categories)
            .into_iter()
            .map(Change::CategoryRemoved),
    );
    for service in &now.services {
        let id = service.id.to_string();
        let Some(old) = find(&then.services, &id) else {
            out.push(Change::ServiceAdded(id));
            continue;
        };
        if old.category != service.category {
            out.push(Change::ServiceMoved(id.clone()));
        }
        let same_terms = old.wording == service.wording
            && old.provider == service.provider
            && old.purpose == service.purpose
            && old.abroad == service.abroad;
        if !same_terms {
            out.push(Change::ServiceChanged(id));
        }
    }
    for old in &then.services {
        if find(&now.services, &old.id).is_none() {
            let name = record
                .services
                .iter()
                .find(|s| s.id == old.id)
                .map_or_else(|| old.id.to_string(), |s| s.name.clone());
            out.push(Change::ServiceRemoved(name));
        }
    }
    out
}

/// The service `id` of a canonical list.
fn find<'l, 'a>(list: &'l [CanonicalService<'a>], id: &str) -> Option<&'l CanonicalService<'a>> {
    list.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    const NOW: u64 = 1_795_512_600;
    const BEFORE: &str = r#"{
      "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
      "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
      "categories": ["analytics", "ads"],
      "services": ["yandex_metrika", "top_mail_ru", "liveinternet",
                   {"id": "own", "name": "Своя статистика", "provider": "ООО «Тест»",
                    "purpose": "Подсчёт визитов", "category": "analytics"}]
    }"#;

    /// The engine a visitor meets on `after`'s page, having accepted everything under
    /// `before`, and the record kept then.
    fn visit(before: &str, after: &str) -> (Engine, ConsentRecord) {
        let mut then = Engine::new(Config::from_json(before).unwrap(), "", NOW);
        then.decide(then.all_optional(), NOW, &[3; 16]);
        let record = then.record().unwrap();
        let cookie = then.cookie_write(false, NOW);
        let cookie = cookie.split(';').next().unwrap();
        let now = Engine::new(Config::from_json(after).unwrap(), cookie, NOW + 60);
        (now, record)
    }

    fn changes(after: &str) -> Vec<Change> {
        let (engine, record) = visit(BEFORE, after);
        since(Some(&record), &engine)
    }

    #[test]
    fn each_kind_of_change_is_named() {
        let after = BEFORE
            .replace("ООО «Тест»\", \"address", "ООО «Новый тест»\", \"address")
            .replace("2026-11-01", "2026-12-01")
            .replace(r#"["analytics", "ads"]"#, r#"["functional", "analytics"]"#)
            .replace("\"top_mail_ru\", ", "\"jivo\", ")
            .replace("Подсчёт визитов", "Подсчёт визитов и звонков")
            .replace(
                "\"liveinternet\",",
                "{\"id\": \"liveinternet\", \"category\": \"functional\"},",
            );
        assert_eq!(
            changes(&after),
            [
                Change::Operator("ООО «Новый тест»".into()),
                Change::Revision("2026-12-01".into()),
                Change::CategoryAdded("functional".into()),
                Change::CategoryRemoved("ads".into()),
                Change::ServiceAdded("jivo".into()),
                Change::ServiceMoved("liveinternet".into()),
                Change::ServiceChanged("own".into()),
                Change::ServiceRemoved("Пиксель VK Рекламы (Top@Mail.ru)".into()),
            ]
        );
    }

    #[test]
    fn smaller_changes_of_the_operator_and_the_policy_are_named_too() {
        let after = BEFORE
            .replace("г. Москва", "г. Москва, ул. Новая, 2")
            .replace("/privacy.html", "/privacy-2026.html");
        assert_eq!(
            changes(&after),
            [Change::OperatorDetails, Change::PolicyDocument]
        );
        let after = BEFORE.replace(
            "\"liveinternet\",",
            "{\"id\": \"liveinternet\", \"provider\": \"ООО «Другой»\"},",
        );
        assert_eq!(
            changes(&after),
            [Change::ServiceChanged("liveinternet".into())]
        );
    }

    #[test]
    fn no_usable_record_gives_no_list() {
        let after = BEFORE.replace("2026-11-01", "2026-12-01");
        let (engine, record) = visit(BEFORE, &after);
        assert_eq!(since(Some(&record), &engine).len(), 1);
        // No record (another device, cleared or blocked storage).
        assert_eq!(since(None, &engine), []);
        // A record of another decision.
        let mut other = Engine::new(Config::from_json(BEFORE).unwrap(), "", NOW);
        other.decide(vec![], NOW, &[9; 16]);
        assert_eq!(since(other.record().as_ref(), &engine), []);
        // A forged one: its terms are not what the cookie's hash was computed over.
        let forged = ConsentRecord {
            terms: record.terms.replace("2026-11-01", "2026-10-01"),
            ..record.clone()
        };
        assert_eq!(since(Some(&forged), &engine), []);
        // The cookie's decision is for today's policy: nothing to tell.
        let (same, record) = visit(BEFORE, BEFORE);
        assert!(!same.policy_changed());
        assert_eq!(since(Some(&record), &same), []);
    }
}
