// stale: obligations whose basis document has been superseded.
// A task is stale when it CITES a document (or its own document IMPLEMENTS or is BASED_ON
// one) that another document SUPERSEDES. E.g. the notice of 2025-03-18 tells Sở KHCN to
// plan under Kế hoạch 37/KH-UBND, which Kế hoạch 103/KH-UBND replaced.
// `how` says which link makes the document the task's basis.
MATCH (t:Task)-[:CITES]->(basis:Document)<-[:SUPERSEDES]-(newer:Document),
      (d:Document)-[:ASSIGNS]->(t)
WHERE newer.id <> d.id
RETURN t.id AS task_id, d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text,
       'cites' AS how, basis.id AS basis_id, basis.number AS basis_number,
       newer.id AS superseded_by_id, newer.number AS superseded_by_number
UNION ALL
MATCH (d:Document)-[:IMPLEMENTS]->(basis:Document)<-[:SUPERSEDES]-(newer:Document),
      (d)-[:ASSIGNS]->(t:Task)
WHERE newer.id <> d.id
RETURN t.id AS task_id, d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text,
       'implements' AS how, basis.id AS basis_id, basis.number AS basis_number,
       newer.id AS superseded_by_id, newer.number AS superseded_by_number
UNION ALL
MATCH (d:Document)-[:BASED_ON]->(basis:Document)<-[:SUPERSEDES]-(newer:Document),
      (d)-[:ASSIGNS]->(t:Task)
WHERE newer.id <> d.id
RETURN t.id AS task_id, d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text,
       'based_on' AS how, basis.id AS basis_id, basis.number AS basis_number,
       newer.id AS superseded_by_id, newer.number AS superseded_by_number
