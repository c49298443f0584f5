// docs/schema.md question 2: what does the Công an tỉnh own (lead)?
// d.id names the un-numbered notices, whose d.number is null.
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[:ASSIGNED_TO {role: 'lead'}]->(:Agency {name: 'Công an tỉnh'})
RETURN d.id, d.number, t.no, t.text, t.deadline_text
ORDER BY d.id, t.no
