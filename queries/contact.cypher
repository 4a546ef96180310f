// One row per current contact arrangement between a parent and a child.
MATCH (p)<-[:OF_PARENT]-(k:ContactArrangement {current: true})-[:OF_CHILD]->(c)
WHERE k.arrangement IS NOT NULL
OPTIONAL MATCH (k)-[:DERIVED_FROM]->(ev:Evidence)
RETURN p.id AS parent_id, c.id AS child_id, c.name AS child_name, k.arrangement AS arrangement,
       count(DISTINCT ev) AS evidence_count
ORDER BY parent_id, child_id, arrangement
