//! calllog's Swift binding (uniffi), issue 7. Being built; nothing is exposed yet.
