// lineage DOC [--up|--down]: the chains of IMPLEMENTS / SUPERSEDES / BASED_ON around a
// document, with path lengths.
//   up   = what DOC implements, replaces or is based on, and so on upwards;
//   down = what implements, replaces or is based on DOC, and so on downwards.
// hops is the shortest chain of any of the three types (up to 6 steps); implements_hops,
// supersedes_hops and based_on_hops the shortest chain of that one type alone (null if none).
// $doc_ids: the ids the document resolves to; $up, $down: which directions (booleans).
WITH coalesce($up, true) AS up
MATCH p = (d:Document)-[:IMPLEMENTS|SUPERSEDES|BASED_ON*1..6]->(x:Document)
WHERE up AND d.id IN $doc_ids AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
OPTIONAL MATCH q = (d)-[:IMPLEMENTS*1..6]->(x)
WITH d, x, hops, min(length(q)) AS implements_hops
OPTIONAL MATCH q = (d)-[:SUPERSEDES*1..6]->(x)
WITH d, x, hops, implements_hops, min(length(q)) AS supersedes_hops
OPTIONAL MATCH q = (d)-[:BASED_ON*1..6]->(x)
WITH d, x, hops, implements_hops, supersedes_hops, min(length(q)) AS based_on_hops
RETURN 'up' AS direction,
       d.id AS from_id,
       x.id AS doc_id,
       x.number AS number,
       x.kind AS kind,
       x.issued AS issued,
       x.in_corpus AS in_corpus,
       hops,
       implements_hops,
       supersedes_hops,
       based_on_hops
UNION ALL
WITH coalesce($down, true) AS down
MATCH p = (x:Document)-[:IMPLEMENTS|SUPERSEDES|BASED_ON*1..6]->(d:Document)
WHERE down AND d.id IN $doc_ids AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
OPTIONAL MATCH q = (x)-[:IMPLEMENTS*1..6]->(d)
WITH d, x, hops, min(length(q)) AS implements_hops
OPTIONAL MATCH q = (x)-[:SUPERSEDES*1..6]->(d)
WITH d, x, hops, implements_hops, min(length(q)) AS supersedes_hops
OPTIONAL MATCH q = (x)-[:BASED_ON*1..6]->(d)
WITH d, x, hops, implements_hops, supersedes_hops, min(length(q)) AS based_on_hops
RETURN 'down' AS direction,
       d.id AS from_id,
       x.id AS doc_id,
       x.number AS number,
       x.kind AS kind,
       x.issued AS issued,
       x.in_corpus AS in_corpus,
       hops,
       implements_hops,
       supersedes_hops,
       based_on_hops
