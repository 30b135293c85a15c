//! The config's JSON Schema, generated from its serde types ([`crate::core::config::ConfigFile`])
//! with schemars: `soglasie schema`, shipped as `dist/soglasie.schema.json`, so that editors
//! complete members and catalog ids and flag typos as the config is written.
//!
//! The schema describes the config's shape — members, types, catalog and category ids —
//! which is what serde checks. Values that need more than a shape (an e-mail address, a URL's
//! scheme, whether a service's category exists) are the validation's
//! ([`crate::core::config::ConfigFile::validate`]): `soglasie check` says those.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::Schema;
use serde_json::Value;

use crate::core::config::ConfigFile;

/// Where the schema is published (its `$id`): next to the module, wherever `dist/` is copied.
pub const FILE_NAME: &str = "soglasie.schema.json";

/// The schema of a config file.
pub fn config_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|settings| {
            settings
                .transforms
                .push(Box::new(RecursiveTransform(without_null)));
        })
        .into_generator();
    let mut schema = generator.into_root_schema_for::<ConfigFile>();
    schema.insert("title".into(), "soglasie config".into());
    schema.insert(
        "description".into(),
        "The config of soglasie, the cookie and tracking consent manager for clinic sites (its README: Config reference)".into(),
    );
    schema.to_value()
}

/// The reader takes no `null` for an optional member (it is left out instead), so the schema
/// offers none: schemars writes an `Option<T>` as "T or null".
fn without_null(schema: &mut Schema) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(options)) = schema.get_mut("anyOf") {
        options.retain(|option| option.get("type").is_none_or(|t| t != "null"));
    }
    if schema.get("default") == Some(&Value::Null) {
        schema.remove("default");
    }
}
