// docs/schema.md question 3: everything that implements NQ 57, directly or through other documents.
// DISTINCT: two chains of the same length (103 → 71 → 57 and 103 → 152 → 57) are one row.
MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(:Document {number: '57-NQ/TW'})
RETURN DISTINCT d.number, d.kind, length(p) AS hops
ORDER BY hops, d.number
