// One row per (child in kinship care, service linked to its family): the parent
// (or the parent's co-resident partner, or the carer) engages with it, or a
// text links the service to the child.
MATCH (c)<-[:OF_CHILD]-(care:CareArrangement {current: true, arrangement: 'kinship-care'})-[:OF_PARENT]->(p)
WITH c, p, care,
     [(p)-[:ENGAGES_WITH {current: true}]->(s) | s]
   + [(p)-[:LIVES_WITH {current: true}]->()-[:ENGAGES_WITH {current: true}]->(s) | s]
   + [(care)-[:CARED_FOR_BY]->()-[:ENGAGES_WITH {current: true}]->(s) | s]
   + [(s)-[:LINKED_TO]->(c) | s] AS linked
UNWIND linked AS s
WITH c, p, care, s
WHERE s:Service AND s.serviceType IS NOT NULL
RETURN DISTINCT c.id AS child_id, c.name AS child_name, p.id AS parent_id, care.carer AS carer,
       s.id AS service_id, s.name AS service_name, s.serviceType AS service_type
ORDER BY child_id, parent_id, service_id
