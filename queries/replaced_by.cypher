// replaced-by DOC: which tasks replaced a document?
// Documents that SUPERSEDE it, directly or through a chain (up to 6 steps), and the
// tasks they ASSIGN. $doc_ids: the ids the document's number resolves to (a number is
// unique only per issuer and year, so there may be several).
// The first MATCH only collects the replacing documents' ids; their tasks are reached
// through `new.id IN new_ids` (LadybugDB then reads just those documents' ASSIGNS; a
// MATCH on the documents bound by the chain hash-joins against every Task instead), and
// the chain is walked again from each of them for its length.
MATCH (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH collect(new.id) AS new_ids
MATCH (new:Document)-[:ASSIGNS]->(t:Task)
WHERE new.id IN new_ids
WITH new, t
MATCH p = (new)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH old, new, t, min(length(p)) AS hops
RETURN old.id AS replaced_id,
       new.id AS doc_id,
       new.number AS number,
       hops,
       t.id AS task_id,
       t.origin AS origin,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       t.due AS due
