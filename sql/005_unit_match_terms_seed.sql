-- Seed: the names boards write for each unit's employer, and the site names that tell apart the units of
-- one employer. These are facts from public names (current and former trust/board names, hospital names),
-- not fuzzy variants: the matcher compares names exactly after normalising case, punctuation, "&" and
-- apostrophes. The list is data: when a board writes a name differently, add that name here.
-- Former names are kept only where the unit's employer really went by them (mergers and renames noted).
insert into unit_match_terms (unit_id, kind, term)
select u.id, v.kind, v.term
from (values
    -- London
    ('st-bartholomews-hospital', 'employer', 'Barts Health NHS Trust'),
    ('st-bartholomews-hospital', 'employer', 'Barts and The London NHS Trust'), -- merged into Barts Health 2012
    ('st-bartholomews-hospital', 'site', 'St Bartholomew''s Hospital'),
    ('st-bartholomews-hospital', 'site', 'Barts Heart Centre'),
    ('st-georges-hospital', 'employer', 'St George''s University Hospitals NHS Foundation Trust'),
    ('st-georges-hospital', 'employer', 'St George''s Healthcare NHS Trust'), -- renamed on becoming a foundation trust 2015
    ('st-georges-hospital', 'site', 'St George''s Hospital'),
    ('st-thomas-hospital', 'employer', 'Guy''s and St Thomas'' NHS Foundation Trust'),
    ('st-thomas-hospital', 'site', 'St Thomas'' Hospital'),
    ('st-thomas-hospital', 'site', 'St Thomas'),
    ('evelina-london-childrens-hospital', 'employer', 'Guy''s and St Thomas'' NHS Foundation Trust'),
    ('evelina-london-childrens-hospital', 'site', 'Evelina London Children''s Hospital'),
    ('evelina-london-childrens-hospital', 'site', 'Evelina London'),
    ('evelina-london-childrens-hospital', 'site', 'Evelina'),
    ('kings-college-hospital', 'employer', 'King''s College Hospital NHS Foundation Trust'),
    ('kings-college-hospital', 'site', 'King''s College Hospital'),
    ('hammersmith-hospital', 'employer', 'Imperial College Healthcare NHS Trust'),
    ('hammersmith-hospital', 'site', 'Hammersmith Hospital'),
    ('harefield-hospital', 'employer', 'Guy''s and St Thomas'' NHS Foundation Trust'),
    ('harefield-hospital', 'employer', 'Royal Brompton and Harefield NHS Foundation Trust'), -- merged into GSTT 2021
    ('harefield-hospital', 'site', 'Harefield Hospital'),
    ('harefield-hospital', 'site', 'Harefield'),
    ('royal-brompton-hospital', 'employer', 'Guy''s and St Thomas'' NHS Foundation Trust'),
    ('royal-brompton-hospital', 'employer', 'Royal Brompton and Harefield NHS Foundation Trust'), -- merged into GSTT 2021
    ('royal-brompton-hospital', 'site', 'Royal Brompton Hospital'),
    ('royal-brompton-hospital', 'site', 'Royal Brompton'),
    ('royal-brompton-hospital', 'site', 'Brompton'),
    ('great-ormond-street-hospital', 'employer', 'Great Ormond Street Hospital for Children NHS Foundation Trust'),
    ('great-ormond-street-hospital', 'site', 'Great Ormond Street Hospital'),
    ('london-bridge-hospital', 'employer', 'HCA Healthcare UK'),
    ('london-bridge-hospital', 'site', 'London Bridge Hospital'),
    ('the-wellington-hospital', 'employer', 'HCA Healthcare UK'),
    ('the-wellington-hospital', 'site', 'The Wellington Hospital'),
    ('the-wellington-hospital', 'site', 'Wellington Hospital'),
    ('the-harley-street-clinic', 'employer', 'HCA Healthcare UK'),
    ('the-harley-street-clinic', 'site', 'The Harley Street Clinic'),
    ('the-harley-street-clinic', 'site', 'Harley Street Clinic'),
    ('spire-st-anthonys-hospital', 'employer', 'Spire Healthcare'),
    ('spire-st-anthonys-hospital', 'site', 'Spire St Anthony''s Hospital'),
    ('spire-st-anthonys-hospital', 'site', 'St Anthony''s Hospital'),
    -- East and South of England
    ('royal-papworth-hospital', 'employer', 'Royal Papworth Hospital NHS Foundation Trust'),
    ('royal-papworth-hospital', 'employer', 'Papworth Hospital NHS Foundation Trust'), -- renamed 2018
    ('royal-papworth-hospital', 'site', 'Royal Papworth Hospital'),
    ('royal-papworth-hospital', 'site', 'Papworth Hospital'),
    ('basildon-university-hospital', 'employer', 'Mid and South Essex NHS Foundation Trust'),
    ('basildon-university-hospital', 'employer', 'Basildon and Thurrock University Hospitals NHS Foundation Trust'), -- merged into MSE 2020
    ('basildon-university-hospital', 'site', 'Basildon University Hospital'),
    ('basildon-university-hospital', 'site', 'Basildon Hospital'),
    ('basildon-university-hospital', 'site', 'Essex Cardiothoracic Centre'),
    ('royal-sussex-county-hospital', 'employer', 'University Hospitals Sussex NHS Foundation Trust'),
    ('royal-sussex-county-hospital', 'employer', 'Brighton and Sussex University Hospitals NHS Trust'), -- merged into UHSussex 2021
    ('royal-sussex-county-hospital', 'site', 'Royal Sussex County Hospital'),
    ('southampton-general-hospital', 'employer', 'University Hospital Southampton NHS Foundation Trust'),
    ('southampton-general-hospital', 'employer', 'Southampton University Hospitals NHS Trust'), -- renamed 2011
    ('southampton-general-hospital', 'site', 'Southampton General Hospital'),
    ('john-radcliffe-hospital', 'employer', 'Oxford University Hospitals NHS Foundation Trust'),
    ('john-radcliffe-hospital', 'employer', 'Oxford University Hospitals NHS Trust'), -- before foundation trust status 2015
    ('john-radcliffe-hospital', 'employer', 'Oxford Radcliffe Hospitals NHS Trust'), -- until 2011
    ('john-radcliffe-hospital', 'site', 'John Radcliffe Hospital'),
    ('royal-bournemouth-hospital', 'employer', 'University Hospitals Dorset NHS Foundation Trust'),
    ('royal-bournemouth-hospital', 'employer', 'The Royal Bournemouth and Christchurch Hospitals NHS Foundation Trust'), -- merged into UHD 2020
    ('royal-bournemouth-hospital', 'employer', 'Royal Bournemouth and Christchurch Hospitals NHS Foundation Trust'),
    ('royal-bournemouth-hospital', 'site', 'Royal Bournemouth Hospital'),
    ('bristol-royal-infirmary', 'employer', 'University Hospitals Bristol and Weston NHS Foundation Trust'),
    ('bristol-royal-infirmary', 'employer', 'University Hospitals Bristol NHS Foundation Trust'), -- merged with Weston 2020
    ('bristol-royal-infirmary', 'site', 'Bristol Royal Infirmary'),
    ('bristol-royal-infirmary', 'site', 'BRI'),
    ('bristol-royal-infirmary', 'site', 'Bristol Heart Institute'),
    ('bristol-royal-hospital-for-children', 'employer', 'University Hospitals Bristol and Weston NHS Foundation Trust'),
    ('bristol-royal-hospital-for-children', 'employer', 'University Hospitals Bristol NHS Foundation Trust'), -- merged with Weston 2020
    ('bristol-royal-hospital-for-children', 'site', 'Bristol Royal Hospital for Children'),
    ('bristol-royal-hospital-for-children', 'site', 'Bristol Children''s Hospital'),
    ('bristol-royal-hospital-for-children', 'site', 'Bristol Children''s'),
    ('derriford-hospital', 'employer', 'University Hospitals Plymouth NHS Trust'),
    ('derriford-hospital', 'employer', 'Plymouth Hospitals NHS Trust'), -- renamed 2017
    ('derriford-hospital', 'site', 'Derriford Hospital'),
    -- Midlands
    ('queen-elizabeth-hospital-birmingham', 'employer', 'University Hospitals Birmingham NHS Foundation Trust'),
    ('queen-elizabeth-hospital-birmingham', 'site', 'Queen Elizabeth Hospital Birmingham'),
    ('birmingham-childrens-hospital', 'employer', 'Birmingham Women''s and Children''s NHS Foundation Trust'),
    ('birmingham-childrens-hospital', 'employer', 'Birmingham Children''s Hospital NHS Foundation Trust'), -- merged into BWC 2017
    ('birmingham-childrens-hospital', 'site', 'Birmingham Children''s Hospital'),
    ('university-hospital-coventry', 'employer', 'University Hospitals Coventry and Warwickshire NHS Trust'),
    ('university-hospital-coventry', 'site', 'University Hospital Coventry'),
    ('new-cross-hospital', 'employer', 'The Royal Wolverhampton NHS Trust'),
    ('new-cross-hospital', 'employer', 'Royal Wolverhampton NHS Trust'),
    ('new-cross-hospital', 'site', 'New Cross Hospital'),
    ('royal-stoke-university-hospital', 'employer', 'University Hospitals of North Midlands NHS Trust'),
    ('royal-stoke-university-hospital', 'employer', 'University Hospital of North Staffordshire NHS Trust'), -- became UHNM 2014
    ('royal-stoke-university-hospital', 'site', 'Royal Stoke University Hospital'),
    ('royal-stoke-university-hospital', 'site', 'Royal Stoke'),
    ('glenfield-hospital', 'employer', 'University Hospitals of Leicester NHS Trust'),
    ('glenfield-hospital', 'site', 'Glenfield Hospital'),
    ('nottingham-city-hospital', 'employer', 'Nottingham University Hospitals NHS Trust'),
    ('nottingham-city-hospital', 'site', 'Nottingham City Hospital'),
    -- North of England
    ('northern-general-hospital', 'employer', 'Sheffield Teaching Hospitals NHS Foundation Trust'),
    ('northern-general-hospital', 'site', 'Northern General Hospital'),
    ('leeds-general-infirmary', 'employer', 'Leeds Teaching Hospitals NHS Trust'),
    ('leeds-general-infirmary', 'site', 'Leeds General Infirmary'),
    ('castle-hill-hospital', 'employer', 'Hull University Teaching Hospitals NHS Trust'),
    ('castle-hill-hospital', 'employer', 'Hull and East Yorkshire Hospitals NHS Trust'), -- renamed 2018
    ('castle-hill-hospital', 'site', 'Castle Hill Hospital'),
    ('the-james-cook-university-hospital', 'employer', 'South Tees Hospitals NHS Foundation Trust'),
    ('the-james-cook-university-hospital', 'site', 'The James Cook University Hospital'),
    ('the-james-cook-university-hospital', 'site', 'James Cook University Hospital'),
    ('freeman-hospital', 'employer', 'The Newcastle upon Tyne Hospitals NHS Foundation Trust'),
    ('freeman-hospital', 'employer', 'Newcastle upon Tyne Hospitals NHS Foundation Trust'),
    ('freeman-hospital', 'site', 'Freeman Hospital'),
    ('blackpool-victoria-hospital', 'employer', 'Blackpool Teaching Hospitals NHS Foundation Trust'),
    ('blackpool-victoria-hospital', 'site', 'Blackpool Victoria Hospital'),
    ('liverpool-heart-and-chest-hospital', 'employer', 'Liverpool Heart and Chest Hospital NHS Foundation Trust'),
    ('liverpool-heart-and-chest-hospital', 'site', 'Liverpool Heart and Chest Hospital'),
    ('alder-hey-childrens-hospital', 'employer', 'Alder Hey Children''s NHS Foundation Trust'),
    ('alder-hey-childrens-hospital', 'site', 'Alder Hey Children''s Hospital'),
    ('alder-hey-childrens-hospital', 'site', 'Alder Hey'),
    ('manchester-royal-infirmary', 'employer', 'Manchester University NHS Foundation Trust'),
    ('manchester-royal-infirmary', 'employer', 'Central Manchester University Hospitals NHS Foundation Trust'), -- merged into MFT 2017
    ('manchester-royal-infirmary', 'site', 'Manchester Royal Infirmary'),
    ('manchester-royal-infirmary', 'site', 'MRI'),
    ('wythenshawe-hospital', 'employer', 'Manchester University NHS Foundation Trust'),
    ('wythenshawe-hospital', 'employer', 'University Hospital of South Manchester NHS Foundation Trust'), -- merged into MFT 2017
    ('wythenshawe-hospital', 'site', 'Wythenshawe Hospital'),
    ('wythenshawe-hospital', 'site', 'Wythenshawe'),
    -- Wales, Scotland, Northern Ireland
    ('university-hospital-of-wales', 'employer', 'Cardiff and Vale University Health Board'),
    ('university-hospital-of-wales', 'site', 'University Hospital of Wales'),
    ('morriston-hospital', 'employer', 'Swansea Bay University Health Board'),
    ('morriston-hospital', 'employer', 'Abertawe Bro Morgannwg University Health Board'), -- renamed 2019
    ('morriston-hospital', 'site', 'Morriston Hospital'),
    ('aberdeen-royal-infirmary', 'employer', 'NHS Grampian'),
    ('aberdeen-royal-infirmary', 'site', 'Aberdeen Royal Infirmary'),
    ('royal-infirmary-of-edinburgh', 'employer', 'NHS Lothian'),
    ('royal-infirmary-of-edinburgh', 'site', 'Royal Infirmary of Edinburgh'),
    ('golden-jubilee-university-national-hospital', 'employer', 'NHS Golden Jubilee'),
    ('golden-jubilee-university-national-hospital', 'employer', 'Golden Jubilee Foundation'),
    ('golden-jubilee-university-national-hospital', 'employer', 'NHS National Waiting Times Centre Board'), -- the board's statutory name
    ('golden-jubilee-university-national-hospital', 'employer', 'National Waiting Times Centre Board'),
    ('golden-jubilee-university-national-hospital', 'site', 'Golden Jubilee University National Hospital'),
    ('golden-jubilee-university-national-hospital', 'site', 'Golden Jubilee National Hospital'),
    ('royal-hospital-for-children-glasgow', 'employer', 'NHS Greater Glasgow and Clyde'),
    ('royal-hospital-for-children-glasgow', 'site', 'Royal Hospital for Children Glasgow'),
    ('royal-victoria-hospital', 'employer', 'Belfast Health and Social Care Trust'),
    ('royal-victoria-hospital', 'employer', 'Belfast Health & Social Care Trust'), -- as HSC NI writes it
    ('royal-victoria-hospital', 'site', 'Royal Victoria Hospital'),
    -- Ireland
    ('mater-misericordiae-university-hospital', 'employer', 'Mater Misericordiae University Hospital'),
    ('mater-misericordiae-university-hospital', 'employer', 'Ireland East Hospital Group'), -- its hospital group until the 2024 HSE regions
    ('mater-misericordiae-university-hospital', 'site', 'Mater Misericordiae University Hospital'),
    ('mater-misericordiae-university-hospital', 'site', 'Mater Misericordiae'),
    ('st-jamess-hospital', 'employer', 'St James''s Hospital'),
    ('st-jamess-hospital', 'employer', 'St. James''s Hospital'),
    ('st-jamess-hospital', 'employer', 'Dublin Midlands Hospital Group'), -- its hospital group until the 2024 HSE regions
    ('st-jamess-hospital', 'site', 'St James''s Hospital'),
    ('chi-at-crumlin', 'employer', 'Children''s Health Ireland'),
    ('chi-at-crumlin', 'employer', 'Children''s Health Ireland at Crumlin'),
    ('chi-at-crumlin', 'employer', 'CHI'),
    ('chi-at-crumlin', 'employer', 'Our Lady''s Children''s Hospital, Crumlin'), -- its own employer before CHI (2019)
    ('chi-at-crumlin', 'site', 'CHI at Crumlin'),
    ('chi-at-crumlin', 'site', 'Our Lady''s Children''s Hospital'),
    ('chi-at-crumlin', 'site', 'Crumlin'),
    ('cork-university-hospital', 'employer', 'HSE South West'),
    ('cork-university-hospital', 'employer', 'Cork University Hospital'),
    ('cork-university-hospital', 'employer', 'South/South West Hospital Group'), -- its hospital group until the 2024 HSE regions
    ('cork-university-hospital', 'site', 'Cork University Hospital'),
    ('university-hospital-galway', 'employer', 'HSE West and North West'),
    ('university-hospital-galway', 'employer', 'University Hospital Galway'),
    ('university-hospital-galway', 'employer', 'Galway University Hospitals'),
    ('university-hospital-galway', 'employer', 'Saolta University Health Care Group'), -- its hospital group until the 2024 HSE regions
    ('university-hospital-galway', 'site', 'University Hospital Galway'),
    ('blackrock-clinic', 'employer', 'Blackrock Health'),
    ('blackrock-clinic', 'employer', 'Blackrock Clinic'),
    ('blackrock-clinic', 'site', 'Blackrock Clinic'),
    ('mater-private-hospital', 'employer', 'Mater Private Network'),
    ('mater-private-hospital', 'employer', 'Mater Private Hospital'),
    ('mater-private-hospital', 'site', 'Mater Private Hospital'),
    ('mater-private-hospital', 'site', 'Mater Private'),
    ('bon-secours-hospital-cork', 'employer', 'Bon Secours Health System'),
    ('bon-secours-hospital-cork', 'employer', 'Bon Secours Hospital Cork'),
    ('bon-secours-hospital-cork', 'site', 'Bon Secours Hospital Cork')
) as v(slug, kind, term)
join units u on u.slug = v.slug;
