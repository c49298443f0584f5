// docs/schema.md question 1: which tasks replaced KH 37?
// Every task of a document that SUPERSEDES 37/KH-UBND (KH 103: Phụ lục II rows and body provisions).
MATCH (new:Document)-[:SUPERSEDES]->(:Document {number: '37/KH-UBND'}),
      (new)-[:ASSIGNS]->(t:Task)
RETURN new.number, t.origin, t.no, t.text
ORDER BY t.origin, t.no
