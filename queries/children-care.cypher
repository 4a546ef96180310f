// One row per (parent, child): a child two participants share appears twice.
// A (parent, child) pair with two current care arrangements gives two rows, as in SPARQL.
MATCH (p)-[:PARENT_OF {current: true}]->(c)
WITH DISTINCT p, c
OPTIONAL MATCH (c)<-[:OF_CHILD]-(care:CareArrangement {current: true})-[:OF_PARENT]->(p)
WHERE care.arrangement IS NOT NULL
RETURN p.id AS parent_id, c.id AS child_id, c.name AS child_name,
       coalesce(c.ageGroup, 'unknown') AS age_group,
       coalesce(care.arrangement, 'unknown') AS care_arrangement, care.carer AS carer,
       p.country AS country
ORDER BY parent_id, child_id, care_arrangement, carer
