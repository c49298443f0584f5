// gaps DOC: what the province may have missed. Tasks of the documents a plan implements
// (IMPLEMENTS, up to 4 steps, and the programmes those amend, replace or rest on: NQ 71
// "căn cứ" NQ 03) that are assigned to local government — an agency, or for a named
// agency (not itself a collective) a collective it belongs to (MEMBER_OF), named "địa phương", "các tỉnh", "tỉnh, thành phố" or "thành phố
// trực thuộc", as lead or coordinator — and that no task of the plan carries out
// (IMPLEMENTS), directly or through the task that amends it or that it amends (AMENDS).
MATCH (p:Document)-[:IMPLEMENTS*1..4]->(h:Document)
WHERE p.id IN $doc_ids
OPTIONAL MATCH (h)-[:AMENDS|SUPERSEDES|BASED_ON]->(o:Document)
WITH collect(DISTINCT h.id) AS up, collect(DISTINCT o.id) AS amended
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[a:ASSIGNED_TO]->(x:Agency)
WHERE (d.id IN up OR d.id IN amended) AND NOT d.id IN $doc_ids
  AND ((x.name CONTAINS 'địa phương' OR x.name CONTAINS 'Địa phương'
       OR x.name CONTAINS 'các tỉnh' OR x.name CONTAINS 'Các tỉnh'
       OR x.name CONTAINS 'tỉnh, thành phố' OR x.name CONTAINS 'thành phố trực thuộc'
       OR x.name CONTAINS 'Thành phố trực thuộc')
    OR ((x.kind IS NULL OR x.kind <> 'collective')
        AND EXISTS { MATCH (x)-[:MEMBER_OF*1..3]->(c:Agency) WHERE (c.name CONTAINS 'địa phương' OR c.name CONTAINS 'Địa phương'
       OR c.name CONTAINS 'các tỉnh' OR c.name CONTAINS 'Các tỉnh'
       OR c.name CONTAINS 'tỉnh, thành phố' OR c.name CONTAINS 'thành phố trực thuộc'
       OR c.name CONTAINS 'Thành phố trực thuộc') }))
  AND NOT EXISTS { MATCH (y:Task)-[:IMPLEMENTS]->(t) WHERE y.doc_id IN $doc_ids }
  AND NOT EXISTS { MATCH (y:Task)-[:IMPLEMENTS]->(:Task)-[:AMENDS]->(t) WHERE y.doc_id IN $doc_ids }
  AND NOT EXISTS { MATCH (y:Task)-[:IMPLEMENTS]->(:Task)<-[:AMENDS]-(t) WHERE y.doc_id IN $doc_ids }
RETURN DISTINCT d.id AS doc_id, d.number AS number, t.id AS task_id, t.no AS no,
       t.text AS text, a.role AS role, x.name AS agency, t.deadline_text AS deadline_text
