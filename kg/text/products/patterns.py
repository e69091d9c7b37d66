"""Cue words and kind sets that more than one decision (kind, source, routes) reads."""

from __future__ import annotations

import re

#: Words that join a placebo to the product it stands in for ("MSC or placebo").
CONJUNCTION = re.compile(r"\b(?:or|and|plus|vs\.?|versus)\b|[/+,]", re.IGNORECASE)
#: Words between a product and the preparation it was made from.
MADE_FROM = re.compile(r"\b(?:from|derived|isolated|expanded|cultured|obtained)\b",
                       re.IGNORECASE)
#: Verbs that give a product to the participant.
ADMINISTER = re.compile(r"\b(?:inject\w*|infus\w*|implant\w*|administ\w*|transplant\w*"
                        r"|deliver\w*|fill\w*|appl(?:y|ied|ication)|seeded|given|receiv\w*)",
                        re.IGNORECASE)
DERIVED_KINDS = frozenset({"EXTRACELLULAR_VESICLES", "SECRETOME", "CONDITIONED_MEDIUM"})
PARENT_REACH = 60  # characters between a differentiated cell word and its parent stem cells
PLURIPOTENT_KINDS = frozenset({"IPSC_DERIVED", "ESC_DERIVED"})
CODE_REACH = 30  # characters between a code name and the route word said of it
#: A code name ("OTI-010", "huJCAR014"): a letter, then letters, digits and hyphens with a digit.
CODE_NAME = re.compile(r"\b[A-Za-z](?=[\w-]*\d)[\w-]{3,}\b")
#: Kinds whose cells a leukapheresis collects: a record that names one for them gives blood as
#: the source ("Adequate venous access for apheresis", "prior to leukapheresis"), unless the
#: cells come from the tumour (tumour-infiltrating lymphocytes).
APHERESIS_KINDS = frozenset({"CAR_T", "NK", "HSC", "OTHER_CELL"})
