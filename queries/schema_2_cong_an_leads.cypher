// docs/schema.md question 2: what does the Công an tỉnh own (lead)?
// d.id names the un-numbered notices, whose d.number is null.
// The role is tested after WITH, not as {role: 'lead'} in the pattern: LadybugDB 0.22
// drops rows when a relationship-property filter sits between two hops and the agency
// has more than ~2,048 such edges (10,000 bench documents: 1,279 rows instead of 2,878;
// docs/schema.md, "Known engine issue"). Same rows on Neo4j either way.
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[r:ASSIGNED_TO]->(:Agency {name: 'Công an tỉnh'})
WITH d, t, r
WHERE r.role = 'lead'
RETURN d.id, d.number, t.no, t.text, t.deadline_text
ORDER BY d.id, t.no
