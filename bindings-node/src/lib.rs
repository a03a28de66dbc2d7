//! calllog's Node binding (napi-rs), issue 6. Being built; nothing is exposed yet.
