// restated: the same obligation in two documents (RESTATES, from graph/linking.py).
// The later document's task restates the earlier one's; score 0–1.
MATCH (ld:Document)-[:ASSIGNS]->(later:Task)-[r:RESTATES]->(earlier:Task)<-[:ASSIGNS]-(ed:Document)
RETURN r.score AS score,
       later.id AS later_id,
       ld.number AS later_number,
       later.no AS later_no,
       later.text AS later_text,
       earlier.id AS earlier_id,
       ed.number AS earlier_number,
       earlier.no AS earlier_no,
       earlier.text AS earlier_text
