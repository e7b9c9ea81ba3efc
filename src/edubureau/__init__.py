"""edubureau — 县域教育治理平台."""
