// docs/schema.md question 3: everything that implements NQ 57, directly or through other documents.
MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(:Document {number: '57-NQ/TW'})
RETURN d.number, d.kind, length(p) AS hops
ORDER BY hops, d.number
