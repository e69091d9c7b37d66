"""Intervention texts -> cell product facts (kind, cell type, source, donor, route, dose).

For every intervention of a v2-shaped study this module decides whether it is a cell product
(or a cell-derived non-cell product: extracellular vesicles, secretome, conditioned medium)
and reads what the record says about it. Evidence is read in levels, nearest first:

0. the intervention itself: ``intervention.name``, ``intervention.otherNames``,
   ``intervention.description``;
1. the arm groups it belongs to: ``armGroup.label``, ``armGroup.description``;
2. the trial: ``briefTitle``, ``officialTitle``, ``briefSummary``.

A value comes from the nearest level that states it. At levels 1-2 a tissue or donor word
must be attached to a mention of the same product ("allogeneic" before "HSCT" in an MSC
trial is about the transplant, not the MSCs). Values that follow from the product rather than
from a word about it (umbilical-cord products are allogeneic) are flagged ``inferred``.

Every value is a code of :mod:`kg.vocab` (``PRODUCT_KIND``, ``DONOR``, ``ROUTE``,
``MODIFICATION``) or an ontology CURIE; this module knows nothing about RDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import Any, Protocol

from kg.text.product_terms import (
    ADIPOSE,
    ALLOGENEIC_BY_NATURE,
    ANTIGEN_PATTERN,
    BLOOD,
    BM,
    CAR_T_CELLS,
    CAR_T_TERM,
    DONOR_TERMS,
    KIND_TERMS,
    MODIFICATION_TERMS,
    MSC,
    MSC_BY_TISSUE,
    NEEDS_PRODUCT_WORD,
    NOT_PRODUCT_STRONG,
    NOT_PRODUCT_WEAK,
    RELATIONAL,
    ROUTE_TERMS,
    TISSUE_REFINES,
    TISSUE_REFINES_TOGETHER,
    TISSUE_TERMS,
    KindTerm,
)
from kg.text.quantities_dose import count_doses, find_doses, find_frequency

# --- facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: the property it supports, the record field and the snippet."""

    prop: str  # "productKind", "cellType", "tissueSource", "donor", "route", "dose", ...
    field: str  # "intervention.description", "armGroup.description", "briefTitle", ...
    text: str
    inferred: bool = False


@dataclass(frozen=True)
class Dose:
    """One dose of a product: ``value`` (..``upper``) ``unit``, with count and interval."""

    value: float
    upper: float | None
    unit: str  # "cells", "cells/kg", "cells/m2", "particles", "mL", "µg", "mg"
    per_kg: bool
    number_of_doses: int | None
    frequency: str | None
    text: str
    field: str


@dataclass(frozen=True)
class ProductFact:
    """A cell (or cell-derived) product given by one intervention of a study."""

    index: int  # 0-based position in armsInterventionsModule.interventions
    name: str
    kind: str  # vocab.PRODUCT_KIND code
    cell_type: str | None  # CL / EFO CURIE, most specific known
    tissue_source: str | None  # UBERON CURIE
    donor: str  # vocab.DONOR code
    modification: str | None  # vocab.MODIFICATION code
    target_antigens: tuple[str, ...]
    routes: tuple[str, ...]  # vocab.ROUTE codes
    doses: tuple[Dose, ...]
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    def evidence_for(self, prop: str) -> tuple[Evidence, ...]:
        """The evidence recorded for one property ("tissueSource", "route", ...)."""
        return tuple(e for e in self.evidence if e.prop == prop)


class MentionLike(Protocol):
    """What :meth:`LexiconLike.find` returns (``kg.text.lexicon.Mention``)."""

    @property
    def text(self) -> str:
        """The words as found."""
        ...

    @property
    def iri(self) -> str:
        """The ontology term they name."""
        ...


class LexiconLike(Protocol):
    """The part of ``kg.text.lexicon.Lexicon`` this module uses."""

    def find(self, text: str) -> Sequence[MentionLike]:
        """Longest-first, non-overlapping ontology mentions in ``text``."""
        ...


# Word tables: kg/text/product_terms.py.

#: Words that join a placebo to the product it stands in for ("MSC or placebo").
_CONJUNCTION = re.compile(r"\b(?:or|and|plus|vs\.?|versus)\b|[/+,]", re.IGNORECASE)
#: A number right after a word makes the word part of a code name ("TBI-1501").
_CODE_AFTER = re.compile(r"-?\d")
#: Words between a product and the preparation it was made from.
_MADE_FROM = re.compile(r"\b(?:from|derived|isolated|expanded|cultured|obtained)\b",
                        re.IGNORECASE)
#: Verbs that give a product to the participant.
_ADMINISTER = re.compile(r"\b(?:inject\w*|infus\w*|implant\w*|administ\w*|transplant\w*"
                         r"|deliver\w*|fill\w*|appl(?:y|ied|ication)|seeded|given|receiv\w*)",
                         re.IGNORECASE)
#: Words before a product word that make it the patient's own cells acted upon, not a product
#: given: "stimulate fibroblasts", "by recruiting bone marrow mesenchymal stromal cells".
# (an abbreviation in parentheses counts with its words: "endogenous mesenchymal stem cells (MSCs)")
_ENDOGENOUS = re.compile(r"\b(?:stimulat\w*(?! factor)|recruit\w*|releas\w*|attract\w*|endogenous"
                         r"|resident|native)[\s,]+(?:[\w-]+[\s,(]+){0,5}$", re.IGNORECASE)
_ENDOGENOUS_CUES = ("stimulat", "recruit", "releas", "attract", "endogenous", "resident",
                     "native")
#: Participants giving their own tissue for the product ("All subjects will undergo bone
#: marrow aspiration", "Patients undergo leukapheresis"): the group is the tissue harvested.
_HARVEST_WORDS = (r"(?:(bone[- ]marrow (?:aspiration|harvest\w*|collection|puncture))|(liposuction"
                  r"|lipoaspiration|fat harvest\w*|adipose tissue harvest\w*)"
                  r"|((?:leuk[oa]?c?y?t?)?apheresis))")
_SELF_HARVEST = re.compile(
    r"\b(?:patients?|subjects?|participants?|individuals?)\b(?:[\s,]+[\w-]+){0,8}?[\s,]+"
    r"(?:will\s+)?(?:undergo|underwent|undergoes|undergoing)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?"
    + _HARVEST_WORDS, re.IGNORECASE)
#: The same harvests said in the passive: "Liposuction is carried out in general anesthesia.
#: Isolation of stem cells will be done simultaneously and the stem cells injected".
_PASSIVE_HARVEST = re.compile(
    r"\b" + _HARVEST_WORDS
    + r"\s+(?:is|are|was|will be)\s+(?:then\s+)?(?:carried out|performed|done|undertaken)\b",
    re.IGNORECASE)
#: Each harvest pattern with the words a text must hold for it to be tried.
_HARVEST_CUES = ((_SELF_HARVEST, ("undergo", "underwent")),
                 (_PASSIVE_HARVEST, ("marrow", "liposuction", "lipoaspiration", "harvest",
                                     "apheresis")))
#: The tissue itself taken, in the passive: "20 - 30 ml of bone marrow will be aspirated and
#: layered on density gradient medium". It gives the source, not the donor: the sentence does
#: not say whose marrow ("The eligible donor's bone marrow was aspirated").
_TISSUE_TAKEN = re.compile(
    r"\b(?:bone[- ]marrow|fat|adipose tissue|lipoaspirate|peripheral blood)"
    r"\s+(?:\([^()]{0,40}\)\s+)?(?:is|are|was|will be)\s+(?:then\s+)?(?:aspirated|harvested"
    r"|collected)\b"
    # "Harvest of bone marrow from iliac crest. Mesenchymal autologous stem cells preparation"
    r"|\b(?:harvest(?:ing)?|aspiration|collection) of (?:the )?(?:autologous )?"
    r"(?:bone[- ]marrow|adipose tissue|fat)\b"
    # a criterion about "the bone marrow harvest site"
    r"|\b(?:bone[- ]marrow|fat|adipose tissue) (?:harvest|aspiration|collection) sites?\b",
    re.IGNORECASE)
_TAKEN_CUES = ("aspirat", "harvest", "collect")
#: A criterion that the participant can bear the harvest ("Able to safely undergo a bone marrow
#: aspiration", "Contraindications for both bone marrow harvesting and bone grafts"): for the
#: kinds made from marrow or fat only, since cancer trials ask the same of marrow tests.
_HARVEST_BORNE = re.compile(
    r"\b(?:(?:undergo|tolerate)\s+(?:an?\s+)?|contraindications?\s+(?:to|for)\s+(?:both\s+)?"
    r"(?:an?\s+)?)(?:(bone[- ]marrow)|fat|adipose tissue)\s+(?:aspiration|harvest\w*|collection)\b",
    re.IGNORECASE)
_HARVEST_BORNE_KINDS = frozenset({"MSC", "OTHER_CELL"})
#: Words that make a harvest a test ("bone marrow aspiration to assess response").
_HARVEST_IS_TEST = re.compile(r"\b(?:assess\w*|evaluat\w*|examin\w*|biops\w*|respon\w*"
                              r"|morpholog\w*|chimerism|diagnos\w*|minimal residual|MRD)\b",
                              re.IGNORECASE)
#: Study types whose interventions are exposures observed, not products the study gives.
NOT_ADMINISTERING_STUDY_TYPES: frozenset[str] = frozenset({"OBSERVATIONAL"})
#: Interventions of these registry types are products only when their own name says so.
NAME_ONLY_TYPES: frozenset[str] = frozenset(
    {"DEVICE", "BEHAVIORAL", "RADIATION", "DIETARY_SUPPLEMENT"})
#: Interventions of these types are never products: a diagnostic test measures cells ("progenitor
#: potential of gingival mesenchymal cells", "urinary extracellular vesicle concentration").
NEVER_PRODUCT_TYPES: frozenset[str] = frozenset({"DIAGNOSTIC_TEST"})
#: Intervention names that are laboratory work on cells, not cells given: "A-T iPS cell line",
#: "in vitro study", "flow cytometry", "Whole Blood Donation".
_LAB_NAME = re.compile(r"\bcell[- ]lines?\b|\bin[- ]vitro (?:stud|experiment|test|assay|analys"
                       r"|model)|flow cytometr\w*|\bassays?\b|\bblood donation|characteri[sz]ation"
                       # correlative studies listed as interventions: "polymerase chain
                       # reaction", "gene rearrangement analysis", "laboratory biomarker analysis"
                       r"|\banalys[ie]s\b|polymerase chain reaction|\bsequencing\b"
                       # a sample taken to develop a method: "sampling mesenchymal stem cells"
                       r"|^\s*sampling\b"
                       r"|immunohistochemi\w*|immunosorbent|\bmicroarray", re.IGNORECASE)
#: A follow-up study of an earlier trial's participants gives nothing itself: "Follow-up Study of
#: Safety and Efficacy in Subjects Who Completed NEUROSTEM Phase-I/IIa Clinical Trial",
#: "Follow-up Study for Participants of Jointstem Phase 3 Clinical Trial". A title saying
#: "follow-up" and a word for the earlier trial's participants are both needed ("Long Term
#: Follow up Mesenchymal Stem Cell Therapy" that harvests and infuses is a trial of its own).
_FOLLOW_UP_TITLE = re.compile(r"follow[- ]?up (?:study|trial|evaluation|of)|\bLTFU\b",
                              re.IGNORECASE)
_EARLIER_TRIAL = re.compile(
    r"\b(?:who|that) (?:have |had )?(?:completed|participated|took part|were (?:enrolled"
    r"|treated|randomi[sz]ed|included))\b|\bparticipants? (?:of|in|from|for) (?:the |a |an )?"
    r"(?:[\w®-]+ ){0,3}(?:clinical )?(?:trials?|stud(?:y|ies))\b"
    r"|\bparticipants (?:[\w®-]+ ){0,2}(?:clinical )?trial\b"
    r"|\b(?:previous|prior|parent|original|earlier|preceding) (?:[\w-]+ ){0,3}"
    r"(?:trials?|stud(?:y|ies)|protocols?)\b", re.IGNORECASE)
#: Interventions of these types may take their kind from the trial when their name is a code.
CONTEXT_TYPES: frozenset[str] = frozenset({"BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})

#: Kinds that are not stem cells: they do not make a generic "stem cell transplant" theirs.
_NOT_STEM_KINDS = frozenset({"OTHER_CELL", "NK", "CAR_T"})
_DERIVED_KINDS = frozenset({"EXTRACELLULAR_VESICLES", "SECRETOME", "CONDITIONED_MEDIUM"})
DETAILS_LIMIT = 2500  # characters of the detailed description read whole; beyond, windows
_DETAILS_WINDOW = 300  # at most this many characters either side of a product word there
_DETAILS_CUE = re.compile(r"\bcells?\b|MSCs?\b|mesenchymal|stromal|exosom|vesicles"
                          r"|secretome|\bSVF\b", re.IGNORECASE)
_PARENT_REACH = 60  # characters between a differentiated cell word and its parent stem cells
_PLURIPOTENT_KINDS = frozenset({"IPSC_DERIVED", "ESC_DERIVED"})
_STEM_PARENT_KINDS = frozenset({"MSC", *_PLURIPOTENT_KINDS})
# "drived": the spelling of a record this rule was written for
_DIFFERENTIATED_FROM = re.compile(r"\b(?:de?rived|differentiated|induced|generated|produced"
                                  r"|made) (?:in vitro )?from\b", re.IGNORECASE)
#: Words that make a tissue an example of where cells can come from, not the product's source.
_EXAMPLE_BEFORE = re.compile(r"(?:\b(?:such as|e\.g\.,?|for example,?|for instance,?|including)"
                             r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
                             # "exosomes associated with the amniotic membrane, long used in
                             # the treatment of burns"
                             r"|\bassociated with\s+(?:the\s+)?)$", re.IGNORECASE)
#: A list of the sources cells can have: "MSC from variable sources [bone marrow (BM), fat, and
#: umbilical cord (UC)]" (every item of it, up to the list's end).
_SOURCES_LISTED = re.compile(r"\b(?:variable|various|different|several|multiple|many) sources?"
                             r"\b[^.;\]]{0,80}$", re.IGNORECASE)
#: Words that join cells given together ("BM-MNCs and UC-MSCs", "chondrons plus MSCs"), and
#: words that set them apart ("BM-MNC or MSC", "BM-MNCs. MSCs ...").
_TOGETHER = re.compile(r"\b(?:and|plus|together with|combined with|with)\b|\+|&",
                       re.IGNORECASE)
_APART = re.compile(r"\b(?:or|versus|vs|compared|than|from|into|then|after|before)\b|[.;:]\s",
                    re.IGNORECASE)
_COMPANION_REACH = 80  # characters between the other cells and the MSCs given with them
_PARENT_WINDOW = 30  # characters between a vesicle word and the cell word it comes from
_ATTACH_WINDOW = 60  # characters between a tissue/donor word and the product word it describes
_CODE_REACH = 30  # characters between a code name and the route word said of it
#: A number of cells: "30 000 000 cells", "2 x 10^6 cells/kg", "5 million cells".
_CELL_COUNT = re.compile(r"\d[\d\s.,]*(?:(?:x|×|\*)\s*10\s*\^?\s*\d+\s*)?(?:million |billion )?"
                         r"cells\b", re.IGNORECASE)
#: The words between a route word and the intervention it is said of ("topical application of").
_OF_NAME = re.compile(r"\s+(?:(?:application|injection|administration|infusion)\s+)?"
                      r"(?:of|with)\s+(?:the\s+)?")
#: Words before "cells" that make them the host a protein drug is made in: "produced in
#: Chinese hamster ovary (CHO) K1 cells", "an inactivated HbsAg produced in yeast cells".
#: Words before a product word in a drug's description that name it as one of several
#: treatments, not as the drug: "other novel treatments including MSC therapy".
_MENTION_BEFORE = re.compile(r"\b(?:including|such as|other|e\.g\.|like|versus|vs\.?"
                             r"|compared (?:to|with)|than)\b[^.;:]{0,40}$", re.IGNORECASE)
#: Words before a tissue word that make it a destination or another product, not the source:
#: "injection is into muscle and not adipose tissue", "MSCs combined with cord blood".
_NOT_SOURCE_BEFORE = re.compile(
    r"(?:\bnot|\binto|\brather than|\binstead of|\b(?:combined|together|along"
    r"|co-?infused|co-?transplanted|co-?administered) with)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE)
#: A route word said of a drug of another class: "an intramuscular injection of pain
#: medications", "weekly intravesical Bacillus Calmette-Guerin (BCG)", "intravenous immune
#: globulins 100 mg/kg".
_OTHER_DRUG_AFTER = re.compile(
    r"(?:\s+(?:injections?|infusions?|administrations?|doses?|applications?)\s+(?:of|with)\s+"
    r"|\s+)(?:[\w-]+\s+){0,2}?(?:pain (?:medication|relie)|analges|sedat|an(?:a)?esthe"
    r"|antibiot|opioid|contrast|(?:cortico)?steroid|heparin|chemotherap|BCG\b"
    r"|bacillus calmette|immun[eo][- ]?globulin|IVIG\b)", re.IGNORECASE)
_HOST_CELLS = re.compile(r"\b(?:produced|expressed|manufactured|made|grown|synthesi[sz]ed)"
                         r" (?:in|by|from|using)\b|\b(?:CHO|yeast|hamster|E\. ?coli|bacterial"
                         r"|insect|Vero|HEK[- ]?293|Saccharomyces|cerevisiae|Pichia|Hansenula)\b"
                         # the body's own cells a drug acts on: "insulin secretion from β-cells"
                         r"|(?:β|beta|α|alpha)[- ]?$"
                         # cells a virus or drug acts on: "replicate specifically in
                         # transformed cells", "infects tumour cells"
                         r"|\b(?:replicat\w*|infect(?:s|ed|ing)?|kill(?:s|ing)?|lys(?:es|ing))\b"
                         # "activates Ca-sensing receptors on target cells"
                         r"|\breceptors? on\b|\btarget\s+$",
                         re.IGNORECASE)
#: "with": what follows is given with the intervention, or by it ("obturation with stem cells").
_WITH = re.compile(r"\bwith\b", re.IGNORECASE)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
#: Words a route-only procedure name may hold besides its route words.
_ROUTE_FILLER = frozenset({"infusion", "infusions", "injection", "injections", "administration",
                           "delivery", "route", "via", "by", "the", "of", "and", "or", "group",
                           "single", "repeated"})
#: A code name ("OTI-010", "huJCAR014"): a letter, then letters, digits and hyphens with a digit.
_CODE_NAME = re.compile(r"\b[A-Za-z](?=[\w-]*\d)[\w-]{3,}\b")
#: An upper-case abbreviation in a name ("BFPSC+FDBA+PRF"), which the summary may define.
_ABBREVIATION = re.compile(r"(?-i:\b[A-Z][A-Z0-9]{2,}(?=s?\b))")
#: Words that make "BMSC" mesenchymal/stromal cells rather than unexpanded marrow stem cells.
_MESENCHYMAL = re.compile(r"mesenchym|stroma|(?<!B)MSC|expan[ds]|cultur|passag", re.IGNORECASE)
_EXPANDED = re.compile(r"expan[ds]|cultur|passag", re.IGNORECASE)
#: "without expanded", "non-cultured", "unexpanded": the word before denies the expansion.
_NOT_BEFORE = re.compile(r"(?:\bwithout|\bnot|\bno|\bnon|\bun)[\s-]*(?:culture[ds]?[\s-]*)?$",
                         re.IGNORECASE)
#: Words that make a title's stem cells mesenchymal in so many words.
_SAYS_MESENCHYMAL = re.compile(r"mesenchym|(?-i:\bMSCs?\b)|stromal cell", re.IGNORECASE)
_BMSC = re.compile(r"(?-i:BMSCs?)$")
_MARROW_CELLS = KindTerm("OTHER_CELL", "CL:0002092", BM)
#: A stop inside parentheses ("(Total volume: 30 - 50 ml)") does not end the sentence.
_SENTENCE_BREAK = re.compile(r"[.;:!?]\s(?![^()\n]{0,80}\))|\n")
_TRANSPLANT_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:ha?ematopoietic|stem[- ]cell|HSCT|BMT"
                               r"|bone marrow|cord blood|kidney|renal|liver|organ|islet)?\s*"
                               r"transplant", re.IGNORECASE)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    entry: int  # index into the table that matched
    text: str


_COMMON_WORDS = frozenset({"cell", "cells", "ell", "ells", "stem", "derived", "the", "into the"})
_META = frozenset("\\[](){}?*+|^$.")


def _split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (groups and classes kept whole)."""
    parts: list[str] = []
    current: list[str] = []
    depth = i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[":
            j = i + 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            current.append(pattern[i:j + 1])
            i = j + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _closing(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at ``start``."""
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 2) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
        i += 1
    raise ValueError(f"unbalanced pattern {pattern!r}")


Cue = tuple[str, bool]  # a literal and whether it is matched case-sensitively


def _literal_cues(alternative: str, cased: bool = False) -> list[Cue] | None:
    """Literals one of which every match of ``alternative`` contains.

    The longest run of plain characters outside groups and not made optional by a
    quantifier; a group that is the whole alternative (``(?-i:...)``) is looked into. None
    when there is no such run of two characters or more: the pattern is then always run.
    """
    if alternative.startswith("(") and _closing(alternative, 0) == len(alternative) - 1:
        flags = re.match(r"\(\?([-a-zA-Z]*):", alternative)
        inner = alternative[flags.end():-1] if flags else alternative[1:-1]
        inner_cased = cased or bool(flags and "-i" in flags.group(1))
        cues: list[Cue] = []
        for part in _split_alternatives(inner):
            found = _literal_cues(part, inner_cased)
            if found is None:
                return None
            cues += found
        return cues
    runs: list[str] = []
    run = ""
    depth = i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\" and not alternative[i + 1].isalnum() and depth == 0:
            ch = alternative[i + 1]  # an escaped punctuation mark is a plain character
            i += 1
        elif ch == "\\" or ch == "[":
            i = alternative.index("]", i + 2) + 1 if ch == "[" else i + 2
            run = ""
            continue
        elif ch == "{":  # a {m,n} quantifier: nothing literal in it
            i = alternative.index("}", i) + 1
            run = ""
            continue
        elif ch in _META:
            depth += (ch == "(") - (ch == ")")
            run = ""
            i += 1
            continue
        if depth == 0:
            run += ch
            following = alternative[i + 1:i + 2]
            if following and following in "?*{":
                run = run[:-1]  # an optional last character is not part of every match
                runs.append(run)
                run = ""
            runs.append(run)
        else:
            run = ""
        i += 1
    words = [r.strip() if cased else r.strip().lower() for r in runs]
    # The longest literal, unless it is a word of nearly every text ("cell", "derived").
    rare = [w for w in words if len(w) >= 2 and w.lower() not in _COMMON_WORDS]
    usable = rare or [w for w in words if len(w) >= 2]
    return [(max(usable, key=len), cased)] if usable else None


@dataclass(frozen=True)
class _Table:
    """A table of patterns matched as one.

    Each entry is tried only on texts holding one of its literal cues, which keeps a
    100-entry table fast on long summaries.
    """

    patterns: tuple[re.Pattern[str], ...]
    always: frozenset[int]  # entries without a usable cue
    cues: tuple[tuple[Cue, frozenset[int]], ...]  # each cue with the entries it opens

    @classmethod
    def of(cls, terms: Sequence[tuple[str, Any]]) -> _Table:
        """Compile a table of ``(pattern, value)`` rows."""
        # Every product, tissue, donor and route word starts a word: anchoring at word starts
        # lets the engine skip the other positions cheaply.
        patterns = tuple(re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for pattern, _ in terms)
        always: set[int] = set()
        by_cue: dict[Cue, set[int]] = {}
        for entry, (pattern, _) in enumerate(terms):
            found: list[Cue] = []
            for alternative in _split_alternatives(pattern):
                more = _literal_cues(alternative)
                if more is None:
                    always.add(entry)
                    break
                found += more
            else:
                for cue in found:
                    by_cue.setdefault(cue, set()).add(entry)
        cues = tuple((cue, frozenset(entries)) for cue, entries in sorted(by_cue.items()))
        return cls(patterns, frozenset(always), cues)

    def hits(self, text: str, lower: str, windows: Sequence[tuple[int, int]] | None = None
             ) -> tuple[_Hit, ...]:
        """Non-overlapping matches, leftmost first; at one position the earlier entry wins.

        With ``windows`` only those ``(start, end)`` parts of the text are searched.
        """
        found: list[_Hit] = []
        for lo, hi in windows if windows is not None else ((0, len(text)),):
            part, cased_part = lower[lo:hi], text[lo:hi]
            active = set(self.always)
            for (cue, cased), entries in self.cues:
                if cue in (cased_part if cased else part):
                    active |= entries
            for entry in active:
                for m in self.patterns[entry].finditer(text, lo, hi):
                    if m.end() > m.start():
                        found.append(_Hit(m.start(), m.end(), entry, m.group()))
        found.sort(key=lambda h: (h.start, h.entry))
        kept: list[_Hit] = []
        for hit in found:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return tuple(kept)


_KIND_TABLE = _Table.of(KIND_TERMS)
#: How weak a route entry is: 1 implantation, 2 a bare placement; 0 (a route word) otherwise.
_ROUTE_RANK: dict[int, int] = {
    **{i: 1 for i, (_, code) in enumerate(ROUTE_TERMS) if code == "IMPLANTATION"},
    len(ROUTE_TERMS) - 1: 2}  # the last entry: a bare placement
_PLACEMENT = 2
_TISSUE_TABLE = _Table.of(TISSUE_TERMS)
_DONOR_TABLE = _Table.of(DONOR_TERMS)
_ROUTE_TABLE = _Table.of(ROUTE_TERMS)
_MOD_TABLE = _Table.of(MODIFICATION_TERMS)
_ANTIGEN_RE = re.compile(ANTIGEN_PATTERN, re.IGNORECASE)
_ANTIGEN_NAMES = {"claudin 18.2": "CLDN18.2", "msln": "mesothelin", "her-2": "HER2",
                  "b7h3": "B7-H3", "ley": "Lewis Y", "lewis y": "Lewis Y", "lewis-y": "Lewis Y"}


class _Mentions:
    """The product, tissue, donor, route and modification words of one text, found on first use.

    Shared by every field of a study that holds the same text (an arm label repeated as the
    intervention's name, a description copied into the arm): a text is searched once.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lower-cased
            lower = "".join(ch.lower()[:1] for ch in text)
        self.lower = lower
        self._around: dict[tuple[int, int], tuple[_Hit, ...]] = {}

    @cached_property
    def kinds(self) -> tuple[_Hit, ...]:
        return _KIND_TABLE.hits(self.text, self.lower)

    def kinds_around(self, start: int, end: int, pad: int, whole: bool) -> tuple[_Hit, ...]:
        """Product words within ``pad`` of ``start:end``; ``whole`` searches the whole text."""
        lo = max(0, start - pad)
        hi = min(len(self.text), end + pad)
        if whole or "kinds" in self.__dict__:
            return tuple(h for h in self.kinds if h.end > lo and h.start < hi)
        found = self._around.get((lo, hi))
        if found is None:
            found = self._around[(lo, hi)] = _KIND_TABLE.hits(self.text, self.lower, [(lo, hi)])
        return found

    @cached_property
    def tissues(self) -> tuple[_Hit, ...]:
        return _TISSUE_TABLE.hits(self.text, self.lower)

    @cached_property
    def donors(self) -> tuple[_Hit, ...]:
        return _DONOR_TABLE.hits(self.text, self.lower)

    @cached_property
    def routes(self) -> tuple[_Hit, ...]:
        return _ROUTE_TABLE.hits(self.text, self.lower)

    @cached_property
    def harvests(self) -> tuple[tuple[int, int, int], ...]:
        """(tissue group, start, end) of the harvests participants undergo here.

        The groups are those of _SELF_HARVEST and _PASSIVE_HARVEST: marrow, fat, apheresis.
        """
        patterns = [pattern for pattern, cues in _HARVEST_CUES
                    if any(cue in self.lower for cue in cues)]
        found = []
        for match in (m for pattern in patterns for m in pattern.finditer(self.text)):
            if not _harvest_is_test(self.text, match.start(), match.end()):
                group = next(i for i in range(3) if match.group(i + 1))
                found.append((group, match.start(), match.end()))
        return tuple(found)

    @cached_property
    def mods(self) -> tuple[_Hit, ...]:
        return _MOD_TABLE.hits(self.text, self.lower)


class _Scan:
    """One text of the record in one field, with its mentions.

    They are kept for the other interventions of the same study; each call of
    extract_products makes its own scans.
    """

    def __init__(self, field_name: str, level: int, mentions: _Mentions) -> None:
        self.field = field_name
        self.level = level
        self.mentions = mentions
        self.text = mentions.text
        self.lower = mentions.lower
        self.usable: list[_Hit] | None = None  # see _usable_kind_hits

    @property
    def kinds(self) -> tuple[_Hit, ...]:
        return self.mentions.kinds

    def kinds_around(self, start: int, end: int, pad: int = _ATTACH_WINDOW + 40
                     ) -> tuple[_Hit, ...]:
        """Product words within reach of ``start:end`` (a tissue, donor or route word).

        Long trial texts are not searched whole for product words: only around the words
        that need one beside them, which are few.
        """
        return self.mentions.kinds_around(start, end, pad, whole=self.level == 0)

    @property
    def tissues(self) -> tuple[_Hit, ...]:
        return self.mentions.tissues

    @property
    def donors(self) -> tuple[_Hit, ...]:
        return self.mentions.donors

    @property
    def routes(self) -> tuple[_Hit, ...]:
        return self.mentions.routes

    @property
    def harvests(self) -> tuple[tuple[int, int, int], ...]:
        return self.mentions.harvests

    @property
    def mods(self) -> tuple[_Hit, ...]:
        return self.mentions.mods


def _term(hit: _Hit) -> KindTerm:
    return KIND_TERMS[hit.entry][1]


def _snippet(text: str, start: int, end: int, pad: int = 40) -> str:
    """The sentence part around a match, trimmed to whole words, for evidence."""
    lo = max(0, start - pad)
    hi = min(len(text), end + pad)
    head = text[lo:start]
    cut = max(head.rfind(". "), head.rfind("\n"))
    if cut >= 0:
        lo += cut + 1
    elif lo > 0 and " " in head:
        lo += head.index(" ") + 1
    tail = text[end:hi]
    stop = min((i for i in (tail.find(". "), tail.find("\n")) if i >= 0), default=-1)
    if stop >= 0:
        hi = end + stop + 1
    elif hi < len(text) and " " in tail:
        hi = end + tail.rindex(" ")
    return " ".join(text[lo:hi].split())


# --- the record's texts --------------------------------------------------------------------


def _v2_type(value: str | None) -> str:
    return (value or "").strip().upper().replace(" ", "_")


def _arm_members(study: dict[str, Any], index: int, intervention: dict[str, Any]
                 ) -> list[dict[str, Any]]:
    """The arm groups an intervention belongs to (by its labels or by the arms' lists)."""
    module = study.get("protocolSection", {}).get("armsInterventionsModule", {})
    labels = {label.strip().casefold() for label in intervention.get("armGroupLabels") or []}
    name = (intervention.get("name") or "").strip().casefold()
    members = []
    for arm in module.get("armGroups") or []:
        listed = {n.split(":", 1)[-1].strip().casefold()
                  for n in arm.get("interventionNames") or []}
        if (arm.get("label") or "").strip().casefold() in labels or name in listed:
            members.append(arm)
    return members


@dataclass
class _Texts:
    """Scans of a study's texts, made on first use (a per-call cache, never module state)."""

    study: dict[str, Any]
    cache: dict[tuple[str, str], _Scan] = field(default_factory=dict)
    mentions: dict[str, _Mentions] = field(default_factory=dict)

    def scan(self, field_name: str, level: int, text: str | None) -> _Scan | None:
        if not text or not text.strip():
            return None
        key = (field_name, text)
        found = self.cache.get(key)
        if found is None:
            mentions = self.mentions.get(text)
            if mentions is None:
                mentions = self.mentions[text] = _Mentions(text)
            found = self.cache[key] = _Scan(field_name, level, mentions)
        return found

    @cached_property
    def _details(self) -> list[_Scan]:
        return self._read_parts("descriptionModule", "detailedDescription", 3)

    def _read_parts(self, module: str, key: str, level: int) -> list[_Scan]:
        """A long text's opening and product sentences (see _details_text), as one scan."""
        text = self.study.get("protocolSection", {}).get(module, {}).get(key) or ""
        found = self.scan(key, level, _details_text(text))
        return [found] if found is not None else []

    @cached_property
    def mesenchymal_said(self) -> bool:
        """Whether any text of the record calls its cells mesenchymal or stromal, or expanded.

        "bone marrow stem cells (BMSCs)" in a record that never says so are marrow cells, not
        MSCs (asked only when a product is named "BMSC", so not on every record).
        """
        protocol = self.study.get("protocolSection", {})
        module = protocol.get("armsInterventionsModule", {})
        parts = [str(v) for v in protocol.get("identificationModule", {}).values()]
        parts += [str(v) for v in protocol.get("descriptionModule", {}).values()]
        for item in [*(module.get("interventions") or []), *(module.get("armGroups") or [])]:
            parts.append(str(item))
        return _MESENCHYMAL.search("\n".join(parts)) is not None

    def details(self) -> list[_Scan]:
        """The detailed description: the last place a product's source or route is sought."""
        return self._details

    def design(self) -> list[_Scan]:
        """The design's description of the intervention model, read for routes last.

        "Dental pulp mesenchymal stem cells were injected intravenously" can be the only place
        a record states its route.
        """
        return self._design

    @cached_property
    def _design(self) -> list[_Scan]:
        info = self.study.get("protocolSection", {}).get("designModule", {}).get(
            "designInfo") or {}
        text = info.get("interventionModelDescription")
        found = self.scan("interventionModelDescription", 3, text) \
            if isinstance(text, str) else None
        return [found] if found is not None else []

    def eligibility(self) -> list[_Scan]:
        """The eligibility criteria's sentences that name cells: the last place a source is sought.

        A donor's condition ("siblings willing to donate bone marrow-MSCs") can be the only
        place a product's source is stated.
        """
        return self._eligibility

    @cached_property
    def _eligibility(self) -> list[_Scan]:
        return self._read_parts("eligibilityModule", "eligibilityCriteria", 4)

    @cached_property
    def criteria(self) -> list[_Scan]:
        """The whole eligibility criteria, for words that name no cells ("access for apheresis")."""
        text = self.study.get("protocolSection", {}).get("eligibilityModule", {}).get(
            "eligibilityCriteria")
        found = self.scan("eligibilityCriteria", 4, text) if isinstance(text, str) else None
        return [found] if found is not None else []

    def trial(self) -> list[_Scan]:
        protocol = self.study.get("protocolSection", {})
        ident = protocol.get("identificationModule", {})
        desc = protocol.get("descriptionModule", {})
        scans = (self.scan("briefTitle", 2, ident.get("briefTitle")),
                 self.scan("officialTitle", 2, ident.get("officialTitle")),
                 self.scan("briefSummary", 2, desc.get("briefSummary")))
        return [s for s in scans if s is not None]


def _details_text(text: str) -> str:
    """The parts of a detailed description that are read.

    The opening (the product is usually introduced there) and, beyond it, only the sentences
    that name cells or a cell-derived product, joined by line breaks: a 20 kB protocol
    description costs a scan of its product sentences, not of the whole text.
    """
    if len(text) <= DETAILS_LIMIT:
        return text
    parts = [text[:DETAILS_LIMIT]]
    last = DETAILS_LIMIT
    for match in _DETAILS_CUE.finditer(text, DETAILS_LIMIT):
        if match.start() < last:
            continue
        lo, hi = _sentence(text, match.start(), match.end())
        lo, hi = max(lo, last, match.start() - _DETAILS_WINDOW), min(hi, match.end()
                                                                      + _DETAILS_WINDOW)
        parts.append(text[lo:hi])
        last = hi
    return "\n".join(parts)


def _own_scans(texts: _Texts, intervention: dict[str, Any]) -> list[_Scan]:
    scans = [texts.scan("intervention.name", 0, intervention.get("name"))]
    scans += [texts.scan("intervention.otherNames", 0, other)
              for other in intervention.get("otherNames") or []]
    scans.append(texts.scan("intervention.description", 0, intervention.get("description")))
    return [s for s in scans if s is not None]


def _arm_scans(texts: _Texts, arms: list[dict[str, Any]]) -> list[_Scan]:
    scans = []
    for arm in arms:
        scans.append(texts.scan("armGroup.label", 1, arm.get("label")))
        scans.append(texts.scan("armGroup.description", 1, arm.get("description")))
    return [s for s in scans if s is not None]


# --- decisions -----------------------------------------------------------------------------


def _usable_kind_hits(scan: _Scan) -> list[_Hit]:
    """Kind mentions that are about this intervention, not about another one beside it.

    Kept on the scan: every intervention of a study asks again about the same texts.
    """
    found = scan.usable
    if found is None:
        if scan.field in ("intervention.name", "intervention.otherNames"):
            found = list(scan.kinds)
        else:
            found = [h for h in scan.kinds
                     if not RELATIONAL.search(scan.text[max(0, h.start - 60):h.start])
                     and not _endogenous(scan, h)]
        scan.usable = found
    return list(found)


def _endogenous(scan: _Scan, hit: _Hit) -> bool:
    """Whether a product word names the patient's own cells acted upon ("recruiting MSCs")."""
    before = scan.lower[max(0, hit.start - 60):hit.start]
    return any(cue in before for cue in _ENDOGENOUS_CUES) and bool(_ENDOGENOUS.search(before))


def _best_kind(hits: list[_Hit], scan: _Scan) -> _Hit | None:
    """The product word that decides the kind among several in one text.

    A specific word wins over a generic one, and otherwise the first. A cell-derived product
    wins over cells named before it when it is named with the cells it comes from
    ("MSC-derived exosomes") or in a name; "cells that secrete exosomes" stays cells.
    """
    specific = [h for h in hits if not _term(h).generic]
    derived = [h for h in specific if _term(h).kind in _DERIVED_KINDS]
    for hit in derived:
        cells = [h for h in specific if _term(h).kind not in _DERIVED_KINDS]
        if (scan.field != "intervention.description" or not cells or hit.start < cells[0].start
                or any(abs(h.start - hit.start) <= _PARENT_WINDOW for h in cells)):
            return hit
    if specific:
        return _parent_stem_cell(specific, scan) or _given_with_mscs(specific, scan) \
            or specific[0]
    return hits[0] if hits else None


def _given_with_mscs(specific: list[_Hit], scan: _Scan) -> _Hit | None:
    """MSCs named as given together with other cells named first, if any.

    "Autologous bone marrow mononuclear cells (BM-MNCs) and allogeneic umbilical cord
    tissue-derived mesenchymal stem cells", "Cotransplantation of Islet and Mesenchymal Stem
    Cell": the MSCs are the product the trial adds; "BM-MNC or MSC" compares them instead.
    """
    first = specific[0]
    if _term(first).kind != "OTHER_CELL" or _term(first).modification is not None:
        return None
    for hit in specific[1:]:
        if _term(hit).kind == "MSC" and hit.start - first.end <= _COMPANION_REACH:
            between = scan.text[first.end:hit.start]
            if _TOGETHER.search(between) and not _APART.search(between):
                return hit
    return None


def _parent_stem_cell(specific: list[_Hit], scan: _Scan) -> _Hit | None:
    """The stem cells a differentiated product named first is made from, if said right after.

    "progenitor of hepatocyte drived from Mesenchymal stem cell" is an MSC product, as
    "dopaminergic neurons derived from iPSCs" are iPSC-derived: the conventions name such products
    after the cells they come from. NK cells are named so only after pluripotent cells ("NK
    cell product derived from an iPSC").
    """
    first = specific[0]
    if _term(first).kind not in ("OTHER_CELL", "NK"):
        return None
    for hit in specific[1:]:
        if _term(hit).kind in (_STEM_PARENT_KINDS if _term(first).kind == "OTHER_CELL"
                               else _PLURIPOTENT_KINDS) and hit.start - first.end <= _PARENT_REACH \
                and _DIFFERENTIATED_FROM.search(scan.text, first.end, hit.start):
            return hit
    return None


@dataclass(frozen=True)
class _KindChoice:
    hit: _Hit
    scan: _Scan
    parent: _Hit | None  # for cell-derived products: the cell word they come from


def _vetoed(names: list[_Scan]) -> bool:
    """Whether the intervention's names make it a placebo, sham or the like.

    "UC-MSCs" with the other name "placebo" (one entry for both arms) and "mesenchymal stem
    cell transplantation or placebo infusion" are products: a placebo joined to a product
    word by "or"/"and"/"/" is the comparator of that product, not the intervention itself.
    """
    name_has_product = any(h for s in names if s.field == "intervention.name" for h in s.kinds)
    # "kidney transplantation without MSC infusion", "Culture medium without MSC.": the name
    # is the comparator of the product it denies
    for scan in names:
        if scan.field == "intervention.name" and scan.kinds and all(
                _DENIED_BEFORE.search(scan.text, max(0, h.start - 20), h.start)
                for h in scan.kinds):
            return True
    for scan in names:
        for match in NOT_PRODUCT_STRONG.finditer(scan.text):
            if scan.field != "intervention.name" and name_has_product:
                continue
            if not any(_CONJUNCTION.search(scan.text[min(h.end, match.end()):
                                                     max(h.start, match.start())])
                       for h in scan.kinds if h.end <= match.start() or h.start >= match.end()):
                return True
    return False


#: Words just before a product word that deny it: "without MSC injection", "w/o MSCs".
_DENIED_BEFORE = re.compile(r"\b(?:without|w/o)\s+(?:the\s+|any\s+)?$", re.IGNORECASE)


def _weak_blocked(text: str) -> bool:
    """Whether a name is a comparator or a non-cell drug ("Standard care", "Cyclophosphamide").

    A word followed by a number is a code name ("TBI-1501"), not the word; a comparator word
    added to a code name ("XCEL-M-ALPHA and standard rehabilitation") names what the code is
    given with, and leaves the code to its description.
    """
    return any(not _CODE_AFTER.match(text, m.end())
               and not _CODE_AND_BEFORE.search(text, 0, m.start())
               for m in NOT_PRODUCT_WEAK.finditer(text))


#: A code name and a conjunction just before a comparator word: "XCEL-M-ALPHA and standard",
#: "MSB-CAR001 Combined With Hyaluronan".
#: (a code as _CODE_NAME reads one, or an upper-case name without a digit)
_CODE_AND_BEFORE = re.compile(rf"(?:{_CODE_NAME.pattern}|(?-i:\b[A-Z][A-Z0-9-]{{3,}}))"
                              r"\s+(?:combined\s+)?(?:and|plus|\+|with)\s+(?:[\w-]+\s+)?$",
                              re.IGNORECASE)


def _plain_sentence(scan: _Scan, hit: _Hit) -> tuple[int, int] | None:
    """The sentence of a product word, unless it is about something else as well.

    "PRP has been used ... in cosmetic procedures such as fat transfer" and "Blood test with
    generated hiPSC-cardiomyocytes" name the comparator or the test, not a product given.
    """
    lo, hi = _sentence(scan.text, hit.start, hit.end)
    if any(_weak_blocked(m.group()) for m in NOT_PRODUCT_WEAK.finditer(scan.text, lo, hi)):
        return None
    return lo, hi


def _administered(scan: _Scan) -> _Hit | None:
    """A specific product word in a sentence that gives it ("injection of ... MSCs")."""
    for hit in _usable_kind_hits(scan):
        if _term(hit).generic:
            continue
        bounds = _plain_sentence(scan, hit)
        if bounds is not None and _ADMINISTER.search(scan.text, *bounds):
            return hit
    return None


def _choose_kind(own: list[_Scan], arms: list[_Scan], trial: list[_Scan], itype: str,
                 fallback: bool = False, titled: bool = False) -> _KindChoice | None:
    """The product word that makes this intervention a product, or None when it is not one.

    With ``fallback`` (used only for interventions of arms where no other intervention is a
    product) two more readings are allowed, for any registry type but devices and the like:
    a procedure's name ("Bone marrow aspiration") whose description gives cells ("injection
    of autologous bone marrow-derived mesenchymal stem cells"), and an opaque name ("XCEL-M")
    whose arm says what the product is. With ``titled`` too (no intervention of the study is
    a product by its own texts), an opaque name said to be given may take the product a
    title says is given.
    """
    names = [s for s in own if s.field != "intervention.description"]
    descriptions = [s for s in own if s.field == "intervention.description"]
    if _vetoed(names):
        return None
    name_text = " ".join(s.text for s in names)
    name_hits = [(s, h) for s in names for h in _usable_kind_hits(s)]
    name_specific = [p for p in name_hits if not _term(p[1]).generic]
    if _weak_blocked(name_text) and not name_specific:
        if not fallback or itype in NAME_ONLY_TYPES or itype == "DRUG":
            return None
        for scan in descriptions:
            hit = _administered(scan)
            if hit is not None:
                return _KindChoice(hit, scan, _parent(scan, hit))
        return None
    levels: list[list[_Scan]] = [names]
    if itype not in NAME_ONLY_TYPES:
        levels.append(descriptions)
    generic: tuple[_Scan, _Hit] | None = None
    for scans in levels:
        for scan in scans:
            best = _best_kind(_usable_kind_hits(scan), scan)
            if best is None:
                continue
            if (scan.field == "intervention.description" and itype == "DRUG"
                    and not name_specific and _MENTION_BEFORE.search(
                        scan.text, _sentence(scan.text, best.start, best.end)[0], best.start)):
                continue  # "Remdesivir": "... other novel treatments including MSC therapy"
            if not _term(best).generic:
                return _KindChoice(best, scan, _parent(scan, best))
            bounds = _sentence(scan.text, best.start, best.end)
            if (scan.field == "intervention.description" and itype not in CONTEXT_TYPES
                    and not _ADMINISTER.search(scan.text, *bounds)
                    and not _MADE_FROM.search(scan.text, *bounds)
                    and not _WITH_BEFORE.search(scan.text[bounds[0]:best.start])):
                continue  # "perforated to allow the passage of cells": not cells given
            if _HOST_CELLS.search(scan.text, max(bounds[0], best.start - 60), best.start):
                continue  # "produced in yeast cells": the cells made a protein drug
            generic = generic or (scan, best)
    # A generic word ("stem cells", "cells") or a code name ("UMSC01"): the trial says which.
    if generic is None and itype not in CONTEXT_TYPES:
        if not fallback or itype in NAME_ONLY_TYPES:
            return None
        for scan in arms:
            hits = [h for h in _usable_kind_hits(scan)
                    if not _term(h).generic and _plain_sentence(scan, h) is not None]
            best = _best_kind(hits, scan)
            if best is not None:
                return _KindChoice(best, scan, _parent(scan, best))
        if _counted_cells(names, [*descriptions, *arms]):
            # "will receive CardioCell consist 30 000 000 cells": an opaque name given as a
            # number of cells; the trial's titles and summary say which cells.
            for scan in trial:
                best = _best_kind([h for h in _usable_kind_hits(scan) if not _term(h).generic],
                                  scan)
                if best is not None:
                    return _KindChoice(best, scan, _parent(scan, best))
        choice = _defined_code(names, trial)
        if choice is None and titled:
            choice = _titled_product(descriptions, arms, trial)
        return choice
    # "Haploidentical stem cell transplantation" stays a transplant beside "donor lymphocyte
    # infusions" or T cells in the trial: only another stem cell kind refines it.
    transplant = generic is not None and _term(generic[1]).kind == "HSC"
    for scan in [*arms, *trial]:
        hits = [h for h in _usable_kind_hits(scan) if not _term(h).generic
                and not (transplant and _term(h).kind in _NOT_STEM_KINDS)]
        best = _best_kind(hits, scan)
        if best is not None:
            return _KindChoice(best, scan, _parent(scan, best))
    if generic is None:
        return None
    return _KindChoice(generic[1], generic[0], None)


def _titled_product(descriptions: list[_Scan], arms: list[_Scan], trial: list[_Scan]
                   ) -> _KindChoice | None:
    """The product a title says is given, for an opaque intervention said to be given.

    "Safety Evaluation of Intracoronary Infusion of Extracellular Vesicles in Patients With
    AMI", whose one intervention is "PEP", "infused immediately distal to the newly placed
    stent": the title names what the infusion holds.
    """
    if not any(_ADMINISTER.search(scan.text) for scan in [*descriptions, *arms]):
        return None
    for scan in trial:
        if not scan.field.endswith("Title"):
            continue
        for hit in _usable_kind_hits(scan):
            if not _term(hit).generic and _TITLE_GIVES.search(
                    scan.text, max(0, hit.start - 40), hit.start):
                return _KindChoice(hit, scan, _parent(scan, hit))
    return None


#: Words of a title just before the product it gives: "Intracoronary Infusion of
#: Extracellular Vesicles", "Transplantation of Autologous ...".
_TITLE_GIVES = re.compile(r"\b(?:infusions?|injections?|administration|transplantation|delivery"
                          r"|implantation|transfusion)\s+of\s+(?:[\w-]+\s+){0,3}?$",
                          re.IGNORECASE)


def _defined_code(names: list[_Scan], trial: list[_Scan]) -> _KindChoice | None:
    """A code name the trial's titles or summary define as cells, in parentheses.

    "HC-SVT-1001 (Autologous Fat Stem Adult Mesenchymal Cells Expanded ...)", "guided ...
    cells (CAP-1002)": the intervention names only the code. A definition that says only
    "stem cells" ("buccal fat pad derived stem cells (BFPSCs)", for "BFPSC+FDBA+PRF") takes
    its kind from the titles and summary, as a generic name does.
    """
    codes = {m.group() for s in names for pattern in (_CODE_NAME, _ABBREVIATION)
             for m in pattern.finditer(s.text)}
    generic = False
    for code in sorted(codes, key=len, reverse=True):
        quoted = re.escape(code)
        definition = re.compile(rf"(?<![\w-]){quoted}s?\s*\(([^()]{{3,200}})\)"
                                rf"|([^().;]{{3,150}})\(\s*{quoted}s?\s*\)")
        for scan in trial:
            for match in definition.finditer(scan.text):
                lo, hi = match.span(1) if match.group(1) is not None else match.span(2)
                # words, not an abbreviation: "M032 (NSC 733972)" is a drug number
                hits = [h for h in _usable_kind_hits(scan) if lo <= h.start and h.end <= hi
                        and not h.text.isupper()]
                best = _best_kind([h for h in hits if not _term(h).generic], scan)
                if best is not None:
                    return _KindChoice(best, scan, _parent(scan, best))
                generic = generic or bool(hits)
    if generic:
        for scan in trial:
            best = _best_kind([h for h in _usable_kind_hits(scan) if not _term(h).generic], scan)
            if best is not None:
                return _KindChoice(best, scan, _parent(scan, best))
    return None


def _counted_cells(names: list[_Scan], scans: list[_Scan]) -> bool:
    """Whether a sentence gives the intervention as a number of cells.

    The sentence must name the intervention (or be its own description) and give it:
    "Patients ... will receive CardioCell consist 30 000 000 cells".
    """
    keys = [s.lower.strip() for s in names if len(s.lower.strip()) >= 4]
    for scan in scans:
        for match in _CELL_COUNT.finditer(scan.text):
            lo, hi = _sentence(scan.text, match.start(), match.end())
            # the name just before the count: "CardioCell consist 30 000 000 cells"
            near = scan.lower[max(lo, match.start() - _CODE_REACH):match.start()]
            if (scan.field == "intervention.description" or any(key in near for key in keys)) \
                    and _ADMINISTER.search(scan.text, lo, hi):
                return True
    return False


def _parent(scan: _Scan, hit: _Hit) -> _Hit | None:
    """For a cell-derived product word, the cell word of the same text it is derived from."""
    if _term(hit).kind not in _DERIVED_KINDS:
        return None
    cells = [h for h in scan.kinds if _term(h).kind not in _DERIVED_KINDS and not _term(h).generic]
    return min(cells, key=lambda h: abs(h.start - hit.start)) if cells else None


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = (a, b) if a <= b else (b, a)
    return _SENTENCE_BREAK.search(text, lo, hi) is None


def _attached(scan: _Scan, start: int, end: int, kind: str | None = None,
              parent_kind: str | None = None) -> _Hit | None:
    """The product word a tissue/donor word at ``start:end`` describes, if one is near.

    With ``kind``, a source preparation of another kind ("MSCs from the patient's own bone
    marrow aspirate") is not the product word the tissue or donor word describes.
    """
    near = [h for h in scan.kinds_around(start, end)
            if kind is None or not (_term(h).source_material
                                    and not _compatible(h, kind, parent_kind))]
    after = [h for h in near if h.start >= start and h.start - end <= _ATTACH_WINDOW
             and _same_sentence(scan.text, end, h.start)]
    if after:
        return after[0]
    before = [h for h in near if h.end <= start and start - h.end <= _ATTACH_WINDOW
              and _same_sentence(scan.text, h.end, start)]
    return before[-1] if before else None


def _source_owner(scan: _Scan, hit: _Hit, kind: str, parent_kind: str | None) -> _Hit | None:
    """The product word a donor word describes.

    "MSCs expanded from the patient's own bone marrow aspirate": the donor word is attached
    to the source preparation, which is what the MSCs were made from, so it is the MSCs'.
    """
    owner = _attached(scan, hit.start, hit.end)
    if owner is None or not _term(owner).source_material or _compatible(owner, kind,
                                                                         parent_kind):
        return owner
    made = _attached(scan, hit.start, hit.end, kind, parent_kind)
    if made is not None and made.end <= hit.start and _MADE_FROM.search(
            scan.text, made.end, owner.start):
        return made
    return owner


def _compatible(hit: _Hit | None, kind: str, parent_kind: str | None) -> bool:
    """Whether a product word may be the one a tissue/donor/route word describes."""
    if hit is None:
        return False
    term = _term(hit)
    return term.generic or term.kind in (kind, parent_kind) or _car_t_cells(term, kind)


def _car_t_cells(term: KindTerm, kind: str) -> bool:
    """Whether a T-cell word describes a CAR-T product ("autologous CD8+ T cells")."""
    return kind == "CAR_T" and term.kind == "OTHER_CELL" and term.cell in CAR_T_CELLS


def _specific_compatible(hit: _Hit | None, kind: str, parent_kind: str | None) -> bool:
    """Like :func:`_compatible`, but "stem cells" alone does not do.

    In a trial's summary "stem cells move from the bone marrow" is not about a CAR-T
    product's source.
    """
    if hit is None or _term(hit).generic:
        return False
    return _term(hit).kind in (kind, parent_kind) or _car_t_cells(_term(hit), kind)


def _inside_other_product(scan: _Scan, start: int, end: int, kind: str,
                          parent_kind: str | None) -> bool:
    """Whether a word lies inside the mention of another kind of product.

    "bone marrow transplantation" in an MSC record is not the MSCs' source.
    """
    near = scan.kinds_around(start, end)
    return any(h.start <= start and end <= h.end and not _compatible(h, kind, parent_kind)
               and not (_term(h).source_material and _made_from(scan, near, h, kind,
                                                                  parent_kind))
               for h in near)


def _made_from(scan: _Scan, near: Sequence[_Hit], source: _Hit, kind: str,
               parent_kind: str | None) -> bool:
    """Whether a product of this kind is said to be made from a source preparation.

    "MSCs expanded from the patient's own bone marrow aspirate": yes; "Stromal Vascular
    Fraction and Mesenchymal Stem Cells": no, the SVF is another product.
    """
    return any(h.end <= source.start and _compatible(h, kind, parent_kind)
               and _same_sentence(scan.text, h.end, source.start)
               and _MADE_FROM.search(scan.text, h.end, source.start) is not None
               for h in near)


def _find_tissue(levels: list[list[_Scan]], kind: str, parent_kind: str | None
                 ) -> tuple[str, Evidence] | None:
    """The tissue from the nearest level that states one.

    A more specific tissue named at any level refines it: "umbilical cord MSCs" in the
    intervention and "Wharton's jelly" in the summary are Wharton's jelly MSCs.
    """
    per_level = (_tissues_at(scans, kind, parent_kind) for scans in levels)
    for found in per_level:
        if not found:
            continue
        curies = {c for c, _ in found}
        for broad, narrow in TISSUE_REFINES_TOGETHER.items():
            if broad in curies and narrow in curies:
                return next(f for f in found if f[0] == narrow)
        for broad, narrow in TISSUE_REFINES.items():
            if curies == {broad}:
                for later in per_level:
                    refined = [f for f in later if f[0] == narrow]
                    if refined:
                        return refined[0]
        return found[0]
    return None


def _tissues_at(scans: list[_Scan], kind: str, parent_kind: str | None
                ) -> list[tuple[str, Evidence]]:
    found: list[tuple[str, Evidence]] = []
    for scan in scans:
        for hit in scan.tissues:
            curie = TISSUE_TERMS[hit.entry][1]
            if _inside_other_product(scan, hit.start, hit.end, kind, parent_kind):
                continue
            if (_NOT_SOURCE_BEFORE.search(scan.text, max(0, hit.start - 45), hit.start)
                    and not scan.kinds_around(hit.start, hit.end + 25, pad=0)):
                # "injection is into muscle and not adipose tissue", "MSCs combined with cord
                # blood will be given" (but "combined with HUC-MSCs" names the MSCs' source)
                continue
            if scan.level >= 2 and (
                    _EXAMPLE_BEFORE.search(scan.text[max(0, hit.start - 40):hit.start])
                    or _SOURCES_LISTED.search(scan.text[max(0, hit.start - 100):hit.start])):
                continue  # background: "MSCs ... from adult tissues, such as the bone marrow"
            owner = _attached(scan, hit.start, hit.end, kind, parent_kind)
            if owner is None and (scan.level > 0 or curie in NEEDS_PRODUCT_WORD):
                continue
            if owner is not None and not (_compatible(owner, kind, parent_kind)
                                          if scan.level <= 1 else
                                          _specific_compatible(owner, kind, parent_kind)
                                          or _cells_made_from(scan, owner, hit)):
                continue
            found.append((curie, Evidence("tissueSource", scan.field,
                                          _snippet(scan.text, hit.start, hit.end))))
    return found


def _find_donor(levels: list[list[_Scan]], kind: str, parent_kind: str | None
                ) -> tuple[str, Evidence] | None:
    for scans in levels:
        for scan in scans:
            for hit in scan.donors:
                if kind != "HSC" and _transplant_donor(scan, hit, kind, parent_kind):
                    continue  # "allogeneic HSCT": the transplant's donor, not this product's
                owner = _source_owner(scan, hit, kind, parent_kind)
                if owner is None and scan.level > 0:
                    continue
                if owner is not None and not (_compatible(owner, kind, parent_kind)
                                              if scan.level <= 1 else
                                              _specific_compatible(owner, kind, parent_kind)
                                              or _titled_stem_cells(scan, hit, owner, kind)):
                    continue
                return DONOR_TERMS[hit.entry][1], Evidence(
                    "donor", scan.field, _snippet(scan.text, hit.start, hit.end))
    return None


def _titled_stem_cells(scan: _Scan, donor: _Hit, owner: _Hit, kind: str) -> bool:
    """Whether a donor word before a title's plain "stem cells" is said of an MSC product.

    "Autologous Bone Marrow Derived Stem Cell Transplantation in T2DM" says whose the
    trial's MSCs are. Only titles, only for MSCs (a summary's "autologous stem cell
    transplantation" in a CAR-T trial is the patients' earlier transplant), and only a word
    before the cells ("... Derived Cells and Autogenous Bone" is said of the bone).
    """
    return (kind == "MSC" and scan.field.endswith("Title") and _term(owner).generic
            and donor.end <= owner.start)


def _transplant_donor(scan: _Scan, hit: _Hit, kind: str, parent_kind: str | None) -> bool:
    """Whether a donor word is about a transplant rather than this product.

    "allogeneic HSCT" in an MSC trial is; "allogeneic mesenchymal stem cell transplantation"
    is not: the product's own word stands between the donor word and "transplant".
    """
    found = _TRANSPLANT_AFTER.match(scan.text[hit.end:hit.end + 60])
    if found is None:
        return False
    return not any(hit.end <= h.start < hit.end + found.end() and not _term(h).generic
                   and _compatible(h, kind, parent_kind)
                   for h in scan.kinds_around(hit.end, hit.end + found.end(), pad=0))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start:end``."""
    # The last break before ``start`` is nearly always in the 400 characters before it: look
    # there first, and through the whole text before only when there is none.
    lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 400), start)),
             default=-1)
    if lo < 0:
        lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    found = _SENTENCE_BREAK.search(text, end)
    return lo, found.start() if found else len(text)


#: Fields that name a product, where "implantation" is a loose word for giving cells ("BM-MSC
#: implantation"); it yields to a route word of the same level.
_NAME_FIELDS = frozenset({"intervention.name", "intervention.otherNames", "armGroup.label"})
_LOOSE_IMPLANT = re.compile(r"implant\w*", re.IGNORECASE)


def _find_routes(levels: list[list[_Scan]], kind: str, parent_kind: str | None, name: str,
                 others: tuple[str, ...] = (), sole: frozenset[str] = frozenset()
                 ) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    """Routes from the nearest level that states one.

    Beyond the intervention's own texts (and the descriptions of arms that give nothing else,
    ``sole``) a route word counts only in a sentence that names this product (a product word
    of its kind, "cells", or the intervention's name): "rituximab IV" in the arm of a CAR-T
    trial is not the CAR-T route. Implantation ("cells will be implanted by intravenous
    infusion") yields to a specific route in its sentence, and a bare placement ("injected
    into the ...") yields to both, in its sentence and to a route word of any farther level.
    """
    key = name.strip().casefold()
    # A code in the name ("OTI-010") stands for the product in a sentence as well:
    # "Patients receive OTI-010 IV".
    codes_in_name = [c.casefold() for c in _CODE_NAME.findall(name) if c.casefold() != key]
    placements: tuple[tuple[str, ...], tuple[Evidence, ...]] = ((), ())
    for scans in levels:
        found: list[tuple[str, Evidence, tuple[str, int], int]] = []
        loose: set[tuple[str, int]] = set()  # names whose only route word is "implantation"
        for scan in scans:
            for hit in scan.routes:
                lo, hi = _sentence(scan.text, hit.start, hit.end)
                if _OTHER_DRUG_AFTER.match(scan.text, hit.end):
                    continue  # "an intramuscular injection of pain medications"
                if scan.level > 0 and _names_other(scan, hit, others):
                    continue  # "... and topical application of fitostimoline": the drug's
                if scan.level > 0 and not (
                        (scan.field == "armGroup.description" and scan.text in sole)
                        or any(lo <= h.start < hi and _compatible(h, kind, parent_kind)
                            for h in scan.kinds_around(lo, hi, pad=0))
                        or (key and key in scan.lower[lo:hi])
                        or _code_beside(scan, hit, codes_in_name)):
                    continue
                where = (scan.field + scan.text[:20], lo)
                found.append((ROUTE_TERMS[hit.entry][1], Evidence(
                    "route", scan.field, _snippet(scan.text, hit.start, hit.end)),
                    where, _ROUTE_RANK.get(hit.entry, 0)))
                if scan.field in _NAME_FIELDS and _LOOSE_IMPLANT.fullmatch(hit.text):
                    loose.add(where)
        best: dict[tuple[str, int], int] = {}
        for _, _, where, rank in found:
            best[where] = min(rank, best.get(where, rank))
        codes: list[str] = []
        evidence: list[Evidence] = []
        level_best = min(best.values(), default=_PLACEMENT)
        for code, proof, where, rank in found:
            if rank > best[where] or code in codes:
                continue
            if rank > level_best and where in loose:
                continue  # "BM-MSCs implantation" named, "Intracoronary implantation" described
            codes.append(code)
            evidence.append(proof)
        top = min(best.values(), default=_PLACEMENT)
        # A placement of a nearer level ("injected in the tendon") yields to a route word,
        # not to "implanted" in a farther text ("their implanted environment").
        if codes and (top == 0 or (top < _PLACEMENT and not placements[0])):
            return tuple(codes), tuple(evidence)
        if codes and not placements[0]:
            # only "injected into the ...": a route word at a farther level is more telling
            placements = tuple(codes), tuple(evidence)
    return placements


def _only_product_routes(scans: list[_Scan]) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    """Route words of a sentence that gives "the product" or "the treatment" (first found).

    "The product will be infused intravenously", "Treatment will be administered
    intravenously during 10 minutes": asked only when the trial has one product.
    """
    for scan in scans:
        for hit in scan.routes:
            lo, hi = _sentence(scan.text, hit.start, hit.end)
            if _PRODUCT_GIVEN.search(scan.text, lo, hi) is None \
                    or _OTHER_DRUG_AFTER.match(scan.text, hit.end):
                continue
            codes = []
            evidence = []
            for other in scan.routes:
                code = ROUTE_TERMS[other.entry][1]
                if lo <= other.start < hi and code not in codes \
                        and _ROUTE_RANK.get(other.entry, 0) < _PLACEMENT:
                    codes.append(code)
                    evidence.append(Evidence("route", scan.field,
                                             _snippet(scan.text, other.start, other.end)))
            if codes:
                return tuple(codes), tuple(evidence)
    return (), ()


#: A sentence's subject that stands for the trial's only product, given: "The product will be
#: infused", "Treatment will be administered", "the investigational product is injected".
_PRODUCT_GIVEN = re.compile(
    r"\b(?:the |this )?(?:investigational |study |cell(?:ular)? |trial |experimental )?"
    r"(?:product|treatment|therapy|medicinal product|IMP)\s+(?:will\s+be|is|was|are|were|being)"
    r"\s+(?:\w+\s+)?(?:administered|infused|injected|given|delivered|applied)\b",
    re.IGNORECASE)


def _sole_arm_texts(study: dict[str, Any], arms: list[dict[str, Any]]) -> frozenset[str]:
    """The descriptions of the arms that give this intervention and no other.

    "Intravenous administration, 1 dose, for 20 minutes" in the arm of "Allogeneic Wharton's
    jelly-MSCs" alone: the arm has nothing else it could say it of.
    """
    interventions = study.get("protocolSection", {}).get("armsInterventionsModule", {}).get(
        "interventions") or []
    sole = set()
    for arm in arms:
        label = (arm.get("label") or "").strip().casefold()
        listed = arm.get("interventionNames") or []
        labelled = [item for item in interventions
                    if label in {(a or "").strip().casefold()
                                 for a in item.get("armGroupLabels") or []}]
        if len(listed) <= 1 and len(labelled) <= 1 and arm.get("description"):
            sole.add(arm["description"])
    return frozenset(sole)


def _names_other(scan: _Scan, hit: _Hit, others: tuple[str, ...]) -> bool:
    """Whether a route word is said of another intervention named right after it."""
    if not others:
        return False
    after = _OF_NAME.match(scan.lower, hit.end)
    return after is not None and scan.lower.startswith(others, after.end())


def _code_beside(scan: _Scan, hit: _Hit, codes: list[str]) -> bool:
    """Whether a code of the product's name stands right by a route word, in one clause.

    "Patients receive OTI-010 IV": yes; "FT516 and Interleukin-2 (IL-2) With Intravenous
    Enoblituzumab": no, the route is the other drug's.
    """
    for code in codes:
        for found in re.finditer(re.escape(code), scan.lower):
            lo, hi = sorted((found.end(), hit.start)) if found.start() < hit.start else \
                sorted((hit.end, found.start()))
            if hi - lo <= _CODE_REACH and not _CONJUNCTION.search(scan.text, lo, hi) \
                    and not _WITH.search(scan.text, lo, hi):
                return True
    return False


def _find_modification(levels: list[list[_Scan]], term: KindTerm
                       ) -> tuple[str | None, tuple[str, ...], tuple[Evidence, ...]]:
    """The genetic modification (and CAR target antigens) from the nearest level stating one.

    Within a level the table order decides: "genetically engineered ... T cells expressing
    a CD19-specific CAR" is a CAR, not merely a transgene.
    """
    code = term.modification
    evidence: list[Evidence] = []
    for scans in levels:
        hits = [(hit.entry, scan, hit) for scan in scans for hit in scan.mods
                if code is None or MODIFICATION_TERMS[hit.entry][1] == code]
        if hits:
            entry, scan, hit = min(hits, key=lambda found: found[0])
            code = MODIFICATION_TERMS[entry][1]
            evidence.append(Evidence("geneticModification", scan.field,
                                     _snippet(scan.text, hit.start, hit.end)))
            break
    antigens: list[str] = []
    if code == "CAR":
        for scans in levels:
            for scan in scans:
                for match in _ANTIGEN_RE.finditer(scan.text):
                    name = _ANTIGEN_NAMES.get(match.group().casefold(), match.group())
                    name = name if name in _ANTIGEN_NAMES.values() else name.upper() \
                        if len(name) <= 8 else name
                    if name not in antigens:
                        antigens.append(name)
                        evidence.append(Evidence("targetAntigen", scan.field,
                                                 _snippet(scan.text, match.start(), match.end())))
            if antigens:
                break
    return code, tuple(antigens), tuple(evidence)


def _find_doses(levels: list[list[_Scan]], kind: str) -> tuple[Dose, ...]:
    default_unit = "particles" if kind == "EXTRACELLULAR_VESICLES" else \
        "mL" if kind in _DERIVED_KINDS else "cells"
    for scans in levels:
        doses: list[Dose] = []
        seen: set[tuple[float, float | None, str]] = set()
        for scan in scans:
            mentions = find_doses(scan.text)
            if not mentions:
                continue
            count = count_doses(scan.text)
            frequency = find_frequency(scan.text)
            for mention in mentions:
                unit = mention.unit or (f"{default_unit}/kg" if mention.per_kg else default_unit)
                if kind not in _DERIVED_KINDS and unit.split("/")[0] in ("mL", "µg", "mg"):
                    continue  # a volume or mass beside a cell product is the vehicle, not a dose
                key = (mention.value, mention.upper, unit)
                if key in seen:
                    continue
                seen.add(key)
                doses.append(Dose(mention.value, mention.upper, unit, mention.per_kg, count,
                                  frequency, mention.text, scan.field))
        if doses:
            return tuple(doses)
    return ()


def _cell_type(term: KindTerm, parent: KindTerm | None, kind: str, tissue: str | None
               ) -> str | None:
    """The most specific cell class: an MSC from a known tissue is that tissue's MSC."""
    base = parent if parent is not None else term
    cell = base.cell
    if cell == MSC and tissue in MSC_BY_TISSUE:
        return MSC_BY_TISSUE[tissue]
    if cell is None and kind in _DERIVED_KINDS:
        return None
    return cell


# --- public API ----------------------------------------------------------------------------


def extract_products(study: dict[str, Any], lexicon: LexiconLike | None = None
                     ) -> list[ProductFact]:
    """The cell and cell-derived products among a v2 study's interventions, in record order.

    Observational studies give nothing: their "interventions" are exposures, so they have no
    products here.

    ``lexicon`` (a ``kg.text.lexicon.Lexicon``) is consulted only for what the tables here do
    not know: the cell class of an "other" cell product named in the intervention's own
    texts. Tissues are not taken from it: an organ in the text is more often the target
    ("injected into the knee") than the source.
    """
    protocol = study.get("protocolSection", {})
    if protocol.get("designModule", {}).get("studyType") in NOT_ADMINISTERING_STUDY_TYPES:
        return []
    if _follow_up_only(protocol):
        return []
    interventions = protocol.get("armsInterventionsModule", {}).get("interventions") or []
    texts = _Texts(study)
    facts: list[ProductFact] = []
    for index, intervention in enumerate(interventions):
        fact = _product(texts, study, index, intervention, lexicon)
        if fact is not None:
            facts.append(fact)
    # Second reading: an intervention of arms where nothing is a product yet may be one by its
    # description or its arms ("Drug: XCEL-M" in an arm of "expanded mesenchymal stromal cells").
    taken = {_arm_key(arm) for fact in facts
             for arm in _arm_members(study, fact.index, interventions[fact.index])}
    more: list[ProductFact] = []
    for index, intervention in enumerate(interventions):
        if any(fact.index == index for fact in facts):
            continue
        arms = {_arm_key(arm) for arm in _arm_members(study, index, intervention)}
        if arms & taken or (not arms and facts):
            continue
        fact = _product(texts, study, index, intervention, lexicon, fallback=True,
                        titled=not facts)
        if fact is not None:
            more.append(fact)
    facts = sorted([*facts, *more], key=lambda fact: fact.index)
    facts = [_with_arm_procedure_routes(fact, study, interventions) for fact in facts]
    if len(facts) == 1 and not facts[0].routes:
        # The trial's only product is "the product" or "the treatment" of its descriptions.
        routes, route_evidence = _only_product_routes(
            [*texts.trial(), *texts.details(), *texts.design()])
        if routes:
            facts[0] = replace(facts[0], routes=routes,
                               evidence=(*facts[0].evidence, *route_evidence))
    if len(facts) == 1 and not facts[0].doses:
        # The summary's dose is this product's when the trial has only one product.
        doses = _find_doses([texts.trial()], facts[0].kind)
        if doses:
            facts[0] = replace(facts[0], doses=doses)
    return facts


def _with_arm_procedure_routes(fact: ProductFact, study: dict[str, Any],
                               interventions: list[dict[str, Any]]) -> ProductFact:
    """A product with no route takes the route of a route-only procedure of its arms.

    Registrations often list the route as an intervention of its own: "Procedure:
    Intravenous infusion" and "Procedure: Intrathecal injection", each in its arm, beside
    "Biological: umbilical cord mesenchymal stem cell" in both arms.
    """
    if fact.routes:
        return fact
    arms = {_arm_key(arm) for arm in _arm_members(study, fact.index, interventions[fact.index])}
    codes: list[str] = []
    evidence: list[Evidence] = []
    for index, other in enumerate(interventions):
        if index == fact.index or _v2_type(other.get("type")) != "PROCEDURE":
            continue
        if not arms & {_arm_key(arm) for arm in _arm_members(study, index, other)}:
            continue
        name = other.get("name") or ""
        for code in _route_only_name(name):
            if code not in codes:
                codes.append(code)
                evidence.append(Evidence("route", "armGroup.interventionNames", name))
    if not codes:
        return fact
    return replace(fact, routes=tuple(codes), evidence=(*fact.evidence, *evidence))


def _route_only_name(name: str) -> tuple[str, ...]:
    """The routes of a name that says nothing but routes ("Intravenous infusion"), else ()."""
    mentions = _Mentions(name)
    hits = [hit for hit in mentions.routes if _ROUTE_RANK.get(hit.entry, 0) < _PLACEMENT]
    if not hits:
        return ()
    rest = mentions.lower
    for hit in reversed(hits):
        rest = rest[:hit.start] + " " + rest[hit.end:]
    if any(word not in _ROUTE_FILLER for word in re.findall(r"[a-z0-9]+", rest)):
        return ()
    return tuple(dict.fromkeys(ROUTE_TERMS[hit.entry][1] for hit in hits))


def _follow_up_only(protocol: dict[str, Any]) -> bool:
    """Whether the study only follows up participants of an earlier trial (see _FOLLOW_UP_TITLE)."""
    ident = protocol.get("identificationModule", {})
    titles = f"{ident.get('briefTitle') or ''}\n{ident.get('officialTitle') or ''}"
    if not _FOLLOW_UP_TITLE.search(titles):
        return False
    summary = protocol.get("descriptionModule", {}).get("briefSummary") or ""
    return _EARLIER_TRIAL.search(f"{titles}\n{summary}") is not None


def _arm_key(arm: dict[str, Any]) -> str:
    return (arm.get("label") or "").strip().casefold()


def _product(texts: _Texts, study: dict[str, Any], index: int, intervention: dict[str, Any],
             lexicon: LexiconLike | None, fallback: bool = False, titled: bool = False
             ) -> ProductFact | None:
    itype = _v2_type(intervention.get("type"))
    if itype in NEVER_PRODUCT_TYPES or _LAB_NAME.search(intervention.get("name") or ""):
        return None
    own = _own_scans(texts, intervention)
    members = _arm_members(study, index, intervention)
    arms = _arm_scans(texts, members)
    trial = texts.trial()
    choice = _choose_kind(own, arms, trial, itype, fallback, titled)
    if choice is None:
        return None
    term = _term(choice.hit)
    parent = _term(choice.parent) if choice.parent is not None else None
    named_as: str | None = None  # another kind whose words name this product
    if _BMSC.match(choice.hit.text) and not texts.mesenchymal_said:
        term = _MARROW_CELLS  # "bone marrow stem cells (BMSCs)", never said to be MSCs
    elif term.kind == "MSC" and term.tissue in (None, BM) and _unexpanded_marrow(
            [*own, *arms, *trial, *texts.details()]):
        # "a fresh non-culture expanded ... mesenchymal mononuclear stem cells": the record's
        # MSC words still name these cells, so they may carry their source and donor
        term, named_as = _MARROW_CELLS, "MSC"
    elif term.kind == "OTHER_CELL" and term.tissue == ADIPOSE and any(
            _term(h).kind == "MSC" and _term(h).tissue == ADIPOSE for s in own for h in s.kinds):
        named_as = "MSC"  # "SVF Containg Autologous Non Expanded ADSC": the ADSC are the SVF
    elif term.kind == "MSC" and term.tissue is None and (
            pluripotent := _pluripotent_parent(trial)) is not None:
        # "Cell therapy" with "MSC-like cells" in the arms, in a trial titled "Human Embryonic
        # Stem Cell Derived Mesenchymal Stem Cell (MSC)-Like Cells": named after the parent
        term = KindTerm(pluripotent.kind, term.cell, donor=pluripotent.donor)
    elif term.kind == "MSC" and term.tissue == ADIPOSE:
        term = _given_as_svf(own, arms, [t for t in trial if t.field.endswith("Title")]) or term
    elif term.kind in _PLURIPOTENT_KINDS and any(
            _term(h).kind == "NK" and 0 <= choice.hit.start - h.end <= _PARENT_REACH
            for h in choice.scan.kinds):
        named_as = "NK"  # "off-the-shelf ... NK cell product derived from an iPSC"
    kind = term.kind
    if kind == "CAR_T" and parent is None:
        # CAR-NK written as "CAR ... NK cells": the cells decide the kind.
        nk = [h for s in own for h in s.kinds if _term(h).kind == "NK"]
        if nk:
            term, kind = KindTerm("NK", "CL:0000623", modification="CAR"), "NK"
    if kind in _DERIVED_KINDS and parent is None:
        # "ExoFlo" alone in the intervention, "bone marrow mesenchymal stem cell derived
        # extracellular vesicles" in the summary: the trial names the parent cells
        parent = _trial_parent(trial, kind)
    parent_kind = parent.kind if parent is not None else named_as
    levels = [own, arms, trial]
    evidence: list[Evidence] = [Evidence("productKind", choice.scan.field, _snippet(
        choice.scan.text, choice.hit.start, choice.hit.end), inferred=term.generic)]
    # A modification is read beyond the intervention's own texts only for products defined
    # by one (CAR-T): the arm of a CAR-T trial says nothing about its transplant product.
    modification, antigens, mod_evidence = _find_modification(
        [*levels[:2], trial[:2]] if term.modification else [own], term)
    if modification == "CAR" and kind == "OTHER_CELL" and term.cell in CAR_T_CELLS:
        term, kind = CAR_T_TERM, "CAR_T"  # "T cells expressing a CD19-specific CAR"
    elif kind == "OTHER_CELL" and term.cell in _T_CELLS and modification in (None, "TRANSGENE") \
            and (modification or any(_ANTIGEN_SPECIFIC.search(s.text) for s in [*own, *arms])):
        # Registry entries often name engineered T cells plainly ("genetically engineered
        # lymphocyte therapy", "autologous CD20 specific T-cells") and say what the construct
        # is only in the summary ("a CD20-specific ... chimeric immunoreceptor").
        car = _find_modification([*levels[1:], texts.details()], CAR_T_TERM)
        if any(found.prop == "geneticModification" for found in car[2]):  # a CAR is said
            term, kind = CAR_T_TERM, "CAR_T"
            modification, antigens, mod_evidence = car

    tissue = term.tissue or (parent.tissue if parent is not None else None)
    tissue_found = _find_tissue([*levels, texts.details()], kind, parent_kind)
    if tissue_found is None and tissue is None:
        tissue_found = _find_tissue([texts.eligibility()], kind, parent_kind)
    if tissue_found is not None and (tissue is None or TISSUE_REFINES.get(tissue)
                                     == tissue_found[0]):
        tissue = tissue_found[0]
        evidence.append(tissue_found[1])
    elif tissue is not None:
        evidence.append(Evidence("tissueSource", choice.scan.field, choice.hit.text))
    harvest = None
    if kind not in _DERIVED_KINDS:
        harvest = _self_harvest([*own, *arms, *trial, *texts.details()], kind)
    if tissue is None and harvest is not None and harvest[0] is not None:
        tissue = harvest[0]
        evidence.append(Evidence("tissueSource", harvest[1].field, harvest[1].text,
                                 inferred=True))
    if tissue is None and kind not in _DERIVED_KINDS:
        taken = _tissue_taken([*own, *arms, *texts.details(), *texts.criteria], kind)
        if taken is not None:
            tissue = taken[0]
            evidence.append(taken[1])
    if tissue is None and kind in _APHERESIS_KINDS and not any(
            _FROM_TUMOUR.search(scan.text) for scan in own):
        apheresis = _apheresis([*own, *arms, *trial, *texts.details(), *texts.criteria])
        if apheresis is not None:
            tissue = BLOOD
            evidence.append(apheresis)
    cell_type = _cell_type(term, parent, kind, tissue)
    if cell_type is None and kind == "OTHER_CELL" and lexicon is not None:
        cell_type = _lexicon_term(lexicon, own, "CL_", evidence, "cellType")
    if cell_type is not None:
        evidence.append(Evidence("cellType", choice.scan.field, choice.hit.text,
                                 inferred=tissue is not None and cell_type != term.cell))

    donor_found = _find_donor([*levels, texts.details()], kind, parent_kind)
    if donor_found is not None:
        donor = donor_found[0]
        evidence.append(donor_found[1])
    elif term.donor is not None:
        donor = term.donor
        evidence.append(Evidence("donor", choice.scan.field, choice.hit.text, inferred=True))
    elif tissue in ALLOGENEIC_BY_NATURE:
        donor = "ALLOGENEIC"
        evidence.append(Evidence("donor", "tissueSource", tissue, inferred=True))
    elif harvest is not None:
        donor = "AUTOLOGOUS"
        evidence.append(harvest[1])
    elif (sensitised := _donor_antibodies(texts.criteria)) is not None:
        donor = "ALLOGENEIC"
        evidence.append(sensitised)
    else:
        donor = "UNSPECIFIED"

    evidence.extend(mod_evidence)
    others = tuple(other for other in (
        (item.get("name") or "").strip().casefold() for item in (
            study.get("protocolSection", {}).get("armsInterventionsModule", {})
            .get("interventions") or []) if item is not intervention) if len(other) >= 4)
    sole = _sole_arm_texts(study, members)
    routes, route_evidence = _find_routes([*levels, [*texts.details(), *texts.design()]],
                                          kind, parent_kind,
                                          intervention.get("name") or "", others, sole)
    evidence.extend(route_evidence)
    doses = _find_doses(levels[:2], kind)
    evidence.extend(Evidence("dose", d.field, d.text) for d in doses)
    return ProductFact(index, intervention.get("name") or "", kind, cell_type, tissue, donor,
                       modification, antigens, routes, doses, tuple(evidence))


def _given_as_svf(own: list[_Scan], arms: list[_Scan], titles: list[_Scan]) -> KindTerm | None:
    """The SVF term when "adipose derived stem cells" are given as stromal vascular fraction.

    "Adipose derived stem cells" whose arm says "Autologous stromal vascular fraction (SVF)
    and platelet rich plasma (PRP) will be transfused", never expanded or cultured, are SVF;
    so are those of a trial titled "Can Fat Derived Stem Cells (SVF) be Used ..." when the
    title says nothing mesenchymal ("SVF versus adipose MSC" names two products).
    """
    def svf_hits(scans: list[_Scan]) -> list[_Hit]:
        return [h for s in scans for h in s.kinds
                if _term(h).kind == "OTHER_CELL" and _term(h).tissue == ADIPOSE
                and _term(h).source_material]

    svf = svf_hits([*own, *arms]) or svf_hits(
        [t for t in titles if not _SAYS_MESENCHYMAL.search(t.text)])
    if not svf or any(_says_expanded(s.text) for s in [*own, *arms]):
        return None
    return _term(svf[0])


def _pluripotent_parent(scans: list[_Scan]) -> KindTerm | None:
    """The iPSC or ESC term of a text that names MSCs derived from pluripotent cells."""
    for scan in scans:
        for first, second in pairwise(scan.kinds):
            if _term(first).kind in _PLURIPOTENT_KINDS and _term(second).kind == "MSC" \
                    and second.start - first.start <= _PARENT_REACH \
                    and "deriv" in scan.lower[first.start:second.start]:
                return _term(first)
    return None


def _unexpanded_marrow(scans: list[_Scan]) -> bool:
    """Whether the record gives marrow cells it says are not expanded, and never expanded ones.

    The conventions make such "mesenchymal stem cells" marrow cells, not MSCs: an MSC is
    grown in culture. MSCs a marrow concentrate is said to contain are such cells too.
    """
    said = [affirmed for scan in scans for affirmed in _expansions(scan.text)]
    if any(said) or not any("marrow" in scan.lower for scan in scans):
        return False
    # "bone marrow aspirate concentrate (BMAC) containing mesenchymal stem cells (MSCs)"
    return bool(said) or any(_IN_CONCENTRATE.search(scan.text)
                             or _GLOSSED_AS_CONCENTRATE.search(scan.text) for scan in scans)


#: A marrow concentrate or aspirate said to hold MSCs ("BMAC containing MSCs").
_IN_CONCENTRATE = re.compile(r"\b(?:concentrates?|BMAC|aspirates?)\)?\s+(?:containing|contains"
                            r"|rich in|enriched (?:in|with))\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:mesenchymal|MSCs?\b)", re.IGNORECASE)


#: Marrow "MSCs" the record's own short name calls a concentrate or marrow cells:
#: "bone marrow-derived mesenchymal stem cells (BMC)", "BMAC (bone marrow-derived MSCs)".
_GLOSSED_AS_CONCENTRATE = re.compile(
    r"(?:mesenchymal (?:stem|stromal) cells?|MSCs?)\s*\((?-i:BMAC|BMC)s?\)"
    r"|\b(?-i:BMAC|BMC)s?\s*\((?:autologous )?bone[- ]marrow[- ]derived (?:mesenchymal|MSC)",
    re.IGNORECASE)


def _says_expanded(text: str) -> bool:
    """Whether a text says its cells were expanded or cultured (and does not deny it)."""
    return any(_expansions(text))


def _expansions(text: str) -> Iterator[bool]:
    """Each expansion word of a text ("expanded", "cultured"): True unless denied before it."""
    for match in _EXPANDED.finditer(text):
        yield not _NOT_BEFORE.search(text, max(0, match.start() - 20), match.start())


#: T-cell classes a plainly named engineered product may be (CAR_T_CELLS without "any cell").
_T_CELLS = CAR_T_CELLS - {None}
#: "CD20-specific T-cells", "CD19 specific": cells made to recognise an antigen.
_ANTIGEN_SPECIFIC = re.compile(rf"{ANTIGEN_PATTERN}[- ]?(?:specific|directed|redirected)",
                               re.IGNORECASE)
#: "antibody specificities to donor HLA antigens", "anti-HLA antibodies against the MPC donor"
_DONOR_HLA = re.compile(r"\b(?:antibod\w*|specificit\w*)\s+(?:[\w-]+\s+){0,3}(?:to|against)"
                        r"\s+(?:the\s+)?(?:[\w-]+\s+)?donor(?:'s)?\s+HLA\b", re.IGNORECASE)
#: Between plain "cells" and a tissue: "Cells will be isolated from adipose tissue".
_CELLS_MADE_FROM = re.compile(r"\s+(?:will be|are|were|was|is)\s+(?:isolated|derived|harvested"
                             r"|obtained|expanded|cultured|prepared)\s+from\s+(?:the\s+)?"
                             r"(?:(?:patient|participant|subject)(?:'s|s'|s)?\s+)?(?:own\s+)?",
                             re.IGNORECASE)
#: Kinds whose cells a leukapheresis collects: a record that names one for them gives blood as
#: the source ("Adequate venous access for apheresis", "prior to leukapheresis"), unless the
#: cells come from the tumour (tumour-infiltrating lymphocytes).
_APHERESIS_KINDS = frozenset({"CAR_T", "NK", "HSC", "OTHER_CELL"})
_FROM_TUMOUR = re.compile(r"(?-i:\bTILs?\b)|tumou?r[- ]infiltrating|tumou?r[- ]derived",
                          re.IGNORECASE)
_APHERESIS = re.compile(r"\b(?:leu[ck][oa]?c?y?t?)?apheres[ie]s\b|\bleu[ck]a?pheres\w*",
                        re.IGNORECASE)


def _cells_made_from(scan: _Scan, owner: _Hit, tissue: _Hit) -> bool:
    """Whether plain "cells" are said to be made from the tissue, as a step of this trial.

    "Cells will be isolated from adipose tissue, expanded ex vivo and then ... delivery of
    MSCs will be performed" states the source; "stem cells can be isolated from many
    tissues" (a modal, background) does not.
    """
    return _term(owner).generic and owner.end <= tissue.start and bool(
        _CELLS_MADE_FROM.fullmatch(scan.text, owner.end, tissue.start))


def _donor_antibodies(scans: list[_Scan]) -> Evidence | None:
    """An exclusion of patients with antibodies to the cell donor's HLA: cells of a donor."""
    for scan in scans:
        match = _DONOR_HLA.search(scan.text) if "hla" in scan.lower else None
        if match is not None:
            return Evidence("donor", scan.field, _snippet(scan.text, match.start(), match.end()),
                            inferred=True)
    return None


def _apheresis(scans: list[_Scan]) -> Evidence | None:
    """Where the record names a leukapheresis (never "plasmapheresis"), as evidence."""
    for scan in scans:
        if "pheres" not in scan.lower:
            continue
        match = _APHERESIS.search(scan.text)
        if match is not None:
            return Evidence("tissueSource", scan.field,
                            _snippet(scan.text, match.start(), match.end()), inferred=True)
    return None


#: Tissue harvested by each group of _SELF_HARVEST, and the kinds it may be the source of.
_HARVESTED = ((BM, None), (ADIPOSE, None),
              (BLOOD, frozenset({"CAR_T", "NK", "OTHER_CELL", "HSC"})))


def _self_harvest(scans: list[_Scan], kind: str) -> tuple[str | None, Evidence] | None:
    """A harvest the participants undergo for their own product, and the tissue harvested.

    "All subjects will undergo bone marrow aspiration. Mesenchymal Stem Cells will be
    isolated from bone marrow": the MSCs are the participants' own, from bone marrow. A
    harvest to assess the disease ("bone marrow aspiration to evaluate response") is not one.
    """
    for scan in scans:
        for group, start, end in scan.harvests:
            tissue, kinds = _HARVESTED[group]
            if kinds is not None and kind not in kinds:
                continue
            return tissue, Evidence("donor", scan.field, _snippet(scan.text, start, end),
                                    inferred=True)
    return None


def _harvest_is_test(text: str, start: int, end: int) -> bool:
    """Whether a harvest at ``start:end`` assesses the disease rather than makes the product."""
    lo, hi = _sentence(text, start, end)
    return _HARVEST_IS_TEST.search(text, max(lo, start - 60), min(hi, end + 100)) is not None


def _tissue_taken(scans: list[_Scan], kind: str) -> tuple[str, Evidence] | None:
    """The tissue a sentence says is taken to make the product (not to assess the disease).

    Blood counts only for the kinds made from blood cells: a blood draw is otherwise a sample.
    """
    for scan in scans:
        if not any(word in scan.lower for word in _TAKEN_CUES):
            continue
        for match in _TISSUE_TAKEN.finditer(scan.text):
            if _harvest_is_test(scan.text, match.start(), match.end()):
                continue
            words = match.group().lower()
            tissue = BM if "marrow" in words else BLOOD if "blood" in words else ADIPOSE
            if tissue == BLOOD and kind not in _APHERESIS_KINDS:
                continue
            return tissue, Evidence("tissueSource", scan.field,
                                    _snippet(scan.text, match.start(), match.end()), inferred=True)
    if kind not in _HARVEST_BORNE_KINDS:
        return None
    for scan in scans:
        if not any(word in scan.lower for word in _TAKEN_CUES):
            continue
        for match in _HARVEST_BORNE.finditer(scan.text):
            if not _harvest_is_test(scan.text, match.start(), match.end()):
                return BM if match.group(1) else ADIPOSE, Evidence(
                    "tissueSource", scan.field, _snippet(scan.text, match.start(), match.end()),
                    inferred=True)
    return None


def _lexicon_term(lexicon: LexiconLike, scans: list[_Scan], iri_part: str,
                  evidence: list[Evidence], prop: str) -> str | None:
    """The first ontology term of one kind (by IRI part) the lexicon finds in ``scans``.

    Only a cell class more specific than "cell" counts.
    """
    for scan in scans:
        for mention in lexicon.find(scan.text):
            if iri_part in mention.iri and not mention.iri.endswith(("CL_0000000", "CL_0000003")):
                evidence.append(Evidence(prop, scan.field, mention.text))
                prefix, _, local = mention.iri.rpartition("/")[2].partition("_")
                return f"{prefix}:{local}"
    return None


def _trial_parent(trial: list[_Scan], kind: str) -> KindTerm | None:
    """The cells a titles' or summary's product of this kind is said to come from, if any."""
    for scan in trial:
        for hit in _usable_kind_hits(scan):
            if _term(hit).kind == kind and (found := _parent(scan, hit)) is not None:
                return _term(found)
    return None


def _cells_named(intervention: dict[str, Any], arms: list[dict[str, Any]]) -> set[str]:
    """The cell types named in an intervention's name and its arms' descriptions."""
    texts = [intervention.get("name") or "", *(arm.get("description") or "" for arm in arms)]
    return {cell for text in texts for hit in _KIND_TABLE.hits(text, text.lower())
            if (cell := _term(hit).cell) is not None}


def _msc_or_backbone(study: dict[str, Any], interventions: list[dict[str, Any]],
                     candidates: list[ProductFact]) -> list[ProductFact]:
    """Among equal arms of MSCs and other cells, the MSCs, or the other cells every arm gets.

    "Autologous SVF" in one arm and "Ex-vivo expanded MSC" in the other: the MSCs are the
    product the trial is about, the other cells its comparator. "hCB-MNCs" in one arm and
    "hCB-MNCs and hUC-MSCs" in another: the cord-blood cells are in every arm, the MSCs added.
    """
    members = {fact.index: _arm_members(study, fact.index, interventions[fact.index])
               for fact in candidates}
    arms = {index: {_arm_key(arm) for arm in found} for index, found in members.items()}
    msc = [fact for fact in candidates if fact.kind == "MSC"]
    backbone = [other for other in candidates if other.kind == "OTHER_CELL" and any(
        not arms[fact.index] & arms[other.index]
        and other.cell_type in _cells_named(interventions[fact.index], members[fact.index])
        for fact in msc)]
    return backbone or msc


def main_product(study: dict[str, Any], facts: Sequence[ProductFact]) -> ProductFact | None:
    """The trial's main product: the first product of most experimental arms, else the first.

    Among several products of experimental arms a registered procedure ("Autologous
    haematopoietic stem cell transplantation" before the CAR-T cells of the same arm) is the
    backbone of the protocol, so a product of another intervention type comes first.
    """
    module = study.get("protocolSection", {}).get("armsInterventionsModule", {})
    interventions = module.get("interventions") or []
    arms = {fact.index: sum(_v2_type(arm.get("type")) == "EXPERIMENTAL" for arm in _arm_members(
        study, fact.index, interventions[fact.index])) for fact in facts}
    experimental = [fact for fact in facts if arms[fact.index]]
    # The product of most experimental arms: "MSCs" in both arms, "PBSC" added in one.
    most = max(arms.values(), default=0)
    candidates = [fact for fact in experimental if arms[fact.index] == most] or list(facts)
    if {fact.kind for fact in candidates} == {"MSC", "OTHER_CELL"}:
        candidates = _msc_or_backbone(study, interventions, candidates)
    for fact in candidates:
        if _v2_type(interventions[fact.index].get("type")) != "PROCEDURE":
            return fact
    return candidates[0] if candidates else None
