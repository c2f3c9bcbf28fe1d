//! Shared by the generation benchmark: the synthetic spec builder and a counting allocator.

use std::fmt::Write as _;

/// A JSON OpenAPI 3.0 document with `operations` operations (a multiple of 5) spread over
/// `operations / 5` resources. Each resource has a model with an enum, a nested object, a
/// nullable field, a date-time and an array; an enum schema; a JSON update body; and five
/// operations: create (form body), list (paginated, an enum query parameter), fetch, update
/// (JSON body) and delete. Schemas, enums and bodies are therefore proportional to the
/// operations, as in real specs.
pub fn spec(operations: usize) -> String {
    assert!(
        operations.is_multiple_of(5) && operations > 0,
        "operations must be a positive multiple of 5"
    );
    let resources = operations / 5;
    let mut paths = String::new();
    let mut schemas = String::new();
    for i in 0..resources {
        let model = format!("#/components/schemas/Widget{i}");
        let color = format!("#/components/schemas/WidgetColor{i}");
        let update = format!("#/components/schemas/UpdateWidget{i}Request");
        let sid_param = r##"{"name": "Sid", "in": "path", "required": true, "description": "The SID of the widget.", "schema": {"type": "string", "pattern": "^WD[0-9a-fA-F]{32}$"}}"##;
        let one = format!(
            r##"{{"description": "The widget.", "content": {{"application/json": {{"schema": {{"$ref": "{model}"}}}}}}}}"##
        );
        if i > 0 {
            paths.push(',');
            schemas.push(',');
        }
        write!(
            paths,
            r##""/v1/Widgets{i}": {{
  "post": {{"operationId": "CreateWidget{i}", "description": "Creates a widget of kind {i}.",
    "requestBody": {{"required": true, "content": {{"application/x-www-form-urlencoded": {{"schema": {{"type": "object", "required": ["FriendlyName"], "properties": {{
      "FriendlyName": {{"type": "string", "description": "A name."}},
      "Color": {{"$ref": "{color}"}},
      "Tags": {{"type": "array", "items": {{"type": "string"}}}},
      "Enabled": {{"type": "boolean"}},
      "Limit": {{"type": "integer", "format": "int32"}}}}}}}}}}}},
    "responses": {{"201": {one}}}}},
  "get": {{"operationId": "ListWidget{i}", "description": "Lists widgets of kind {i}.",
    "parameters": [
      {{"name": "Color", "in": "query", "schema": {{"$ref": "{color}"}}}},
      {{"name": "PageSize", "in": "query", "schema": {{"type": "integer", "minimum": 1, "maximum": 1000}}}},
      {{"name": "Page", "in": "query", "schema": {{"type": "integer", "minimum": 0}}}}],
    "responses": {{"200": {{"description": "A page.", "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{
      "widgets": {{"type": "array", "items": {{"$ref": "{model}"}}}},
      "meta": {{"$ref": "#/components/schemas/Meta"}}}}}}}}}}}}}}}}}},
"/v1/Widgets{i}/{{Sid}}": {{
  "get": {{"operationId": "FetchWidget{i}", "parameters": [{sid_param}], "responses": {{"200": {one}}}}},
  "post": {{"operationId": "UpdateWidget{i}", "parameters": [{sid_param}],
    "requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "{update}"}}}}}}}},
    "responses": {{"200": {one}}}}},
  "delete": {{"operationId": "DeleteWidget{i}", "parameters": [{sid_param}], "responses": {{"204": {{"description": "Deleted."}}}}}}}}"##
        )
        .expect("writing to a String");
        write!(
            schemas,
            r##""Widget{i}": {{"type": "object", "description": "A widget of kind {i}.", "properties": {{
  "sid": {{"type": "string", "pattern": "^WD[0-9a-fA-F]{{32}}$", "description": "The SID."}},
  "friendly_name": {{"type": "string", "nullable": true}},
  "color": {{"$ref": "{color}"}},
  "status": {{"type": "string", "enum": ["ONLINE", "OFFLINE", "ONLINE:UPDATING"]}},
  "date_created": {{"type": "string", "format": "date-time"}},
  "settings": {{"type": "object", "properties": {{"limit": {{"type": "integer"}}, "mode": {{"type": "string", "enum": ["fast", "safe"]}}}}}},
  "tags": {{"type": "array", "items": {{"type": "string"}}}},
  "url": {{"type": "string", "format": "uri"}}}}}},
"WidgetColor{i}": {{"type": "string", "enum": ["red", "green", "blue", "light-gray"]}},
"UpdateWidget{i}Request": {{"type": "object", "properties": {{
  "friendly_name": {{"type": "string", "nullable": true}},
  "color": {{"$ref": "{color}"}},
  "settings": {{"type": "object", "properties": {{"limit": {{"type": "integer"}}, "mode": {{"type": "string", "enum": ["fast", "safe"]}}}}}}}}}}"##
        )
        .expect("writing to a String");
    }
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "Synthetic", "version": "1.0.0"}},
"servers": [{{"url": "https://synthetic.example.com"}}],
"paths": {{{paths}}},
"components": {{"schemas": {{{schemas},
"Meta": {{"type": "object", "properties": {{"page": {{"type": "integer"}}, "page_size": {{"type": "integer"}}, "next_page_url": {{"type": "string", "nullable": true}}, "key": {{"type": "string"}}}}}}}}}}}}"##
    )
}
