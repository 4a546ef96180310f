// Every figure of the published profile beside what the graph holds.
// Published figures and notes are carried into the graph from graphkit/data/profile.toml;
// every observed figure is counted here from the loaded graph, with the same
// conditions as profile.rq (the four kinds of node are disjoint, so the counts add up).
MATCH (f:PublishedFigure)
WITH f, f.measure AS m
RETURN m AS measure, f.published AS published,
  COUNT {
    MATCH (x:Participant)
    WHERE x.role IS NOT NULL AND (
         m = 'parents'
      OR (m = 'mothers' AND (x.role = 'mother' OR (x.role = 'family-member' AND x.sex = 'female')))
      OR (m = 'fathers' AND (x.role = 'father' OR (x.role = 'family-member' AND x.sex = 'male')))
      OR (m = 'parent-participants' AND x.role IN ['mother', 'father'])
      OR (m = 'family-members' AND x.role = 'family-member')
      OR (m = 'parents-scotland' AND x.role IN ['mother', 'father'] AND x.country = 'Scotland')
      OR (m = 'mothers-scotland' AND x.role = 'mother' AND x.country = 'Scotland')
      OR (m = 'fathers-scotland' AND x.role = 'father' AND x.country = 'Scotland')
      OR (m = 'parents-england' AND x.role IN ['mother', 'father'] AND x.country = 'England')
      OR (m = 'mothers-england' AND x.role = 'mother' AND x.country = 'England')
      OR (m = 'fathers-england' AND x.role = 'father' AND x.country = 'England')
      OR (m = 'single-mothers' AND x.role = 'mother' AND x.household = 'single')
      OR (m = 'single-fathers' AND x.role = 'father' AND x.household = 'single')
      OR (m = 'cohabiting' AND x.role IN ['mother', 'father'] AND x.household = 'cohabiting')
      OR (m = 'part-time-cohabiting' AND x.role IN ['mother', 'father'] AND x.household = 'part-time-cohabiting')
      OR (m = 'first-time-parents' AND x.firstTimeParent = true)
      OR (m = 'pregnant-at-recruitment' AND x.pregnant = true)
      OR (m = 'grandparents' AND x.role IN ['mother', 'father'] AND x.grandparent = true)
      OR (m IN ['single-mothers-coparenting', 'single-fathers-coparenting']
          AND x.household = 'single'
          AND x.role = CASE m WHEN 'single-mothers-coparenting' THEN 'mother' ELSE 'father' END
          AND EXISTS {
            MATCH (x)<-[:OF_PARENT]-(k:ContactArrangement {current: true})-[:OF_CHILD]->(kc)
            WHERE k.arrangement IN ['regular-contact', 'coparenting']
              AND EXISTS {
                MATCH (x)<-[:OF_PARENT]-(kcare:CareArrangement {current: true})-[:OF_CHILD]->(kc)
                WHERE kcare.arrangement IN ['with-mother', 'with-father']
              }
          })
    )
  }
  + COUNT {
    MATCH (x:Child)
    WHERE m = 'children'
       OR (m = 'children-0-16' AND x.ageGroup = '0-16')
       OR (m = 'children-over-16' AND x.ageGroup = 'over-16')
       OR (x.ageGroup = '0-16' AND EXISTS {
             MATCH (x)<-[:OF_CHILD]-(care:CareArrangement {current: true})
             WHERE m = 'children-0-16-' + care.arrangement
           })
  }
  + COUNT {
    MATCH (x:Service)
    WHERE m = 'services' OR m = 'services-' + toLower(x.country)
  }
  + COUNT {
    MATCH (x:Professional)
    WHERE m = 'professionals' OR m = 'professionals-' + toLower(x.country)
  } AS observed,
  f.note AS note
ORDER BY measure
