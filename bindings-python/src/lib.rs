//! calllog's Python binding (pyo3 + maturin), issue 5. Being built; nothing is exposed yet.
