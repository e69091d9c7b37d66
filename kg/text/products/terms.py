"""Word tables of the cell-product extractor: product, tissue, donor, route, modification words.

Each table maps a regular expression (alternatives, most specific first) to a code of
:mod:`kg.vocab` or an ontology CURIE. The logic that reads them is in :mod:`kg.text.products`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UC, WJ, UCB, BM, ADIPOSE = "UBERON:0002331", "UBERON:0003422", "UBERON:0012168", \
    "UBERON:0002371", "UBERON:0001013"
PLACENTA, AMNION, CHORION, AMNIOTIC_FLUID = "UBERON:0001987", "UBERON:0000305", \
    "UBERON:0003124", "UBERON:0000173"
DENTAL_PULP, MENSTRUAL, BLOOD, ISLET = "UBERON:0001754", "UBERON:8480042", "UBERON:0000178", \
    "UBERON:0000006"
MSC = "CL:0000134"


@dataclass(frozen=True)
class KindTerm:
    """What a product word says: its kind, cell type, and what the word itself implies."""

    kind: str
    cell: str | None = None
    tissue: str | None = None
    modification: str | None = None
    donor: str | None = None  # only for named products whose donor is known
    generic: bool = False  # "stem cells", "cells": the kind must come from context
    # a preparation other products are made from ("MSCs from bone marrow aspirate"): its
    # tissue word may name another product's source
    source_material: bool = False


_A, _AUTO = "ALLOGENEIC", "AUTOLOGOUS"
CAR_T_TERM = KindTerm("CAR_T", "CL:0000084", modification="CAR")

#: Product words, most specific first (at one position the first alternative wins).
KIND_TERMS: tuple[tuple[str, KindTerm], ...] = (
    # cell-derived, not cells
    (r"extracellular[- ]vesicles?|(?-i:\bs?EVs?\b)|exosom\w*|exos?\b|EXO-\w+"
     r"|micro-?vesicles?|nano-?vesicles?", KindTerm("EXTRACELLULAR_VESICLES")),
    (r"secretome|secreted factors|(?:cell|MSC)[- ]derived (?:soluble )?factors"
     r"|(?:mesenchymal )?trophic factors"
     # "Mesenchymal Stem Cell-derived Pleiotropic Factor": after the cell word it comes from
     r"|(?<=[- ])derived (?:derived )?(?:pleiotropic|paracrine|soluble|bioactive) factors?"
     # "paracrine factor of human mesenchymal stem cells", "pleiotropic factors secreted from
     # mesenchymal stem cells": named before the cells
     r"|(?:pleiotropic|paracrine|soluble|bioactive) factors? (?=(?:of|from|derived from"
     r"|secreted (?:by|from)|released (?:by|from)) )",
     KindTerm("SECRETOME")),
    # not "hiPSC-CM", "hESC-CMs": cardiomyocytes of pluripotent cells
    (r"conditioned (?:culture )?medi(?:um|a)|(?-i:(?<!PSC-)(?<!ESC-)\bCM\b)",
     KindTerm("CONDITIONED_MEDIUM")),
    # named products: the name says the kind; source and donor only when the record says so
    (r"prochymal|remestemcel\w*|temcell|obnitix|MSC-FFM|stempeucel|rexlemestrocel\w*|revascor"
     r"|mesenchymal precursor cells?|(?-i:\bMPCs?\b)|multistem|multipotent adult progenitor"
     r" cells?|(?-i:\bMAPCs?\b)|cartistem|darvadstrocel|alofisel|Cx601|Cx611|elixcyte"
     r"|lenzumestrocel|neuronata|cellgram|nurown|MSC-NTF|stemirac|astrostem|jointstem"
     r"|PLX-?(?:PAD|R18)"
     # Celyad's C-Cure: marrow MSCs guided to a cardiac lineage
     r"|C-?Cure\b|C3BS-CQR-1|cardiopoietic (?:mesenchymal )?(?:stem )?cells?",
     KindTerm("MSC", MSC)),
    (r"CYP-00\d|cymerus", KindTerm("IPSC_DERIVED", "EFO:0004905")),
    (r"exoflo", KindTerm("EXTRACELLULAR_VESICLES")),
    # CAR and TCR products
    (r"(?-i:CAR[- ]?NK\w*)|chimeric antigen receptor[- ](?:\w+[- ]){0,2}(?:natural killer|NK)\w*",
     KindTerm("NK", "CL:0000623", modification="CAR")),
    (r"\w*cabtagene\w*|tisagenlecleucel", CAR_T_TERM),
    (r"(?-i:CAR[- ]?Ts?\b|CAR[- ]?T[- ]?[Cc]ells?|CAR\+[- ]T\b|CART[- ]?\d\w*|CAR\b)"
     r"|chimeric antigen receptor(?:[- ][\w+]+){0,4}?[- ]T[- ]?(?:cells?|lymphocytes)"
     r"|chimeric antigen receptor|chimeric immuno-?receptor", CAR_T_TERM),
    (r"TCR[- ]?T\b|TCR[- ](?:engineered|transduced|modified)|engineered (?:T[- ]cell receptor"
     r"|TCR)|transgenic (?:T[- ]cell receptor|TCR)"
     # "NYESO TCR/sr39TK PBSC", "TCR Genetically Engineered PBMC": the TCR makes them T-cell
     # products, not a transplant
     r"|TCR(?:[- /]+(?:genetically )?engineered|[- /]+[\w-]+)?[- /]+(?-i:PBSCs?|PBMCs?)\b",
     KindTerm("OTHER_CELL", "CL:0000084", modification="TCR")),
    # pluripotent-derived
    (r"induced pluripotent(?: stem)?(?:[- ]cells?)?|i-?PSCs?\w*|(?-i:iPS[- ]?[Cc]ells?)|iPS-derived"
     r"|(?-i:\biPS\b)", KindTerm("IPSC_DERIVED", "EFO:0004905")),
    (r"embryonic stem[- ]cells?|(?-i:\bhESCs?\b|\bhES\b)|ESC-derived",
     KindTerm("ESC_DERIVED", "CL:0002322", donor=_A)),
    # NK, T and other immune cells
    (r"(?-i:NK[- ]?T[- ]?[Cc]ells?)|natural killer T\b", KindTerm("OTHER_CELL", "CL:0000814")),
    (r"natural[- ]killer|(?-i:NK[- ]?[Cc]ells?|NK-?92\w*|NK\b)", KindTerm("NK", "CL:0000623")),
    (r"cytokine[- ]induced killer|(?-i:\bCIKs?\b)|DC-CIK", KindTerm("OTHER_CELL", "CL:0000542")),
    (r"regulatory T[- ]?(?:cells?|lymphocytes)|(?-i:T-?regs?\b)",
     KindTerm("OTHER_CELL", "CL:0000815")),
    (r"gamma[- ]?delta T[- ]?cells?|γδ[- ]?T[- ]?cells?", KindTerm("OTHER_CELL", "CL:0000798")),
    # tumour-infiltrating lymphocytes are grown from the patient's own tumour
    (r"tumou?r[- ]infiltrating lymphocytes?|(?-i:\bTILs?\b)",
     KindTerm("OTHER_CELL", "CL:0000084", donor=_AUTO)),
    (r"virus[- ]specific T[- ]?cells?|(?:cytotoxic )?T[- ]lymphocytes?|(?-i:\bCTLs?\b)"
     r"|\w+leucel"
     # "T-cell depleted graft", "T-cell depletion": a way of preparing a transplant
     r"|T cells?(?![- ]?deplet)|T-cells?(?![- ]?deplet)",
     KindTerm("OTHER_CELL", "CL:0000084")),
    (r"donor lymphocyte infusions?|(?-i:\bDLI\b)", KindTerm("OTHER_CELL", "CL:0000542", donor=_A)),
    (r"dendritic cells?|(?-i:DCs? (?=vaccin))|DC[- ]vaccin\w*|DCVax\w*",
     KindTerm("OTHER_CELL", "CL:0000451")),
    # whole-cell cancer vaccines: cell lines made to secrete GM-CSF ("GVAX") or a donor's
    # tumour cells; a vaccine of lysate or peptides names neither
    (r"(?:tumou?r|cancer)[- ]cell(?:[- ]line)?[- ]?(?:based )?vaccines?"
     r"|allogeneic (?:[\w-]+ ){0,3}(?:tumou?r|cancer) vaccines?"
     r"|GM-?CSF[- ](?:secreting|transfected|transduced) (?:[\w-]+ ){0,3}vaccines?|GVAX\w*",
     KindTerm("OTHER_CELL", None)),
    # adipose and marrow preparations that are not expanded MSCs
    # "SVF-derived MSC" are MSCs: the lookaheads leave that SVF to the tissue table
    (r"stromal vascular fraction(?!\s*(?:\(SVF\)\s*)?-?derived)"
     r"|(?-i:\bSVFs?\b(?!\s*-?derived)|\bA[DT]-SVF\b)"
     r"|adipose[- ]derived regenerative cells?|(?-i:\bADRCs?\b)"
     r"|micro-?fragmented (?:adipose|fat)\w*"
     r"|lipogems|nanofat|lipoaspirate|lipofilling|adipose tissue (?:graft\w*|transfer|injection)"
     r"|fat (?:graft\w*|transfer|injection)"
     r"|autologous fat(?![- ](?:stem|derived|mesenchymal|stromal|tissue[- ]derived))",
     KindTerm("OTHER_CELL", None, ADIPOSE, source_material=True)),
    (r"(?:bone )?marrow[- ](?:derived )?mononuclear cells?|(?-i:\bBM-?MNCs?\b|\bBMMCs?\b)",
     KindTerm("OTHER_CELL", "CL:0010004", BM, source_material=True)),
    # "concentrated autologous bone marrow", "Percutaneous autologous bone-marrow grafting"
    (r"bone marrow aspirate concentrate|(?-i:\bBMACs?\b)|bone marrow concentrat(?:e|ion)"
     r"|bone marrow aspirate\b|concentrated (?:autologous )?bone[- ]marrow"
     r"|autologous (?:concentrated )?bone[- ]marrow (?:grafting|grafts?|implantation)",
     KindTerm("OTHER_CELL", "CL:0002092", BM, source_material=True)),
    (r"peripheral blood mononuclear cells?|(?-i:\bPBMN?Cs?\b)",
     KindTerm("OTHER_CELL", "CL:2000001", BLOOD)),
    (r"cord blood mononuclear cells?|(?-i:\bh?CB-?MNCs?\b|\bUCB-?MNCs?\b)",
     KindTerm("OTHER_CELL", "CL:0000842", UCB)),
    # "autologous hematopoietic and mesenchymal stem cells transduced with lentiviral vector":
    # gene therapies whose corrected haematopoiesis is the product, MSCs carried along
    (r"ha?ematopo\w*tic (?:stem cells? )?(?:and(?:/or)?|&|or) mesenchymal stem cells?",
     KindTerm("HSC", "CL:0000037")),
    # mesenchymal stromal/stem cells
    # "adult mesenchymal bone marrow stem cells": tissue words between
    (r"mesenchymal (?:bone marrow|adipose|adult|human) (?:stem|stromal) cells?"
     r"|mesenchymal(?:[- ](?:stem|stromal|progenitor|signall?ing|derived|like|multipotent"
     # "Delivery of Icovir-5 by mesenchymal carrier cells" (oncolytic virus carriers)
     r"|carrier)"
     r"|\s*/\s*(?:stem|stromal)|\s*\(\s*(?:stem|stromal)\s*\))*[- ]*cells?"
     r"|[\w-]*?MSCs?\b|mesenchymal stem|mesenchymal stromal"
     # misspelt in registry text: "Mensenchymal", "Mesechymal", "Mesenechymal", "Mesenchyme"
     + "".join(rf"|{word}[- ](?:stem|stromal)[- ]cells?" for word in (
         "mensenchymal", "mesechymal", "mesnchymal", "mesenechymal", "mensechymal",
         "mesenchyme")), KindTerm("MSC", MSC)),
    (r"(?-i:\bh?AD-?SCs?\b|\bh?ASCs?\b|\bADMSCs?\b)|adipose[- ](?:tissue[- ])?derived "
     r"(?:stem|stromal|mesenchymal)(?: cells?)?|adipose (?:tissue )?(?:stem|stromal) cells?"
     r"|(?:buccal )?fat(?: pad| tissue)?[- ]derived (?:stem|stromal|mesenchymal)(?: cells?)?"
     # "stem cells taken from a subject's fat tissue seeded into a bioabsorbable plug"
     r"|(?:stem|stromal) cells? (?:taken|derived|isolated|obtained|harvested|expanded) from "
     r"(?:the |a )?(?:[\w'’-]+ )?(?:fat|adipose)\b(?! graft)",
     KindTerm("MSC", "CL:0002570", ADIPOSE)),
    (r"dental pulp stem cells?|(?-i:\bh?DPSCs?\b|\bSHED\b)|stem cells from (?:human )?exfoliated"
     r" deciduous teeth", KindTerm("MSC", MSC, DENTAL_PULP)),
    (r"menstrual blood[- ]derived stem cells?|(?-i:\bMenSCs?\b)|endometrial regenerative cells?",
     KindTerm("MSC", MSC, MENSTRUAL)),
    (r"(?:marrow|adipose|tissue|bone)[- ](?:derived[- ])?stromal[- ]cells?|stromal[- ]cells?"
     r"|(?-i:\bBMSCs?\b)", KindTerm("MSC", MSC)),
    # haematopoietic
    (r"ha?ematopoietic (?:stem|progenitor)(?:[- ]and[- ]progenitor)?(?:[- ]cells?)?"
     r"|(?-i:\bHSPCs?\b|\bHSCs?\b|\bHSCT\b|\bPBSCT?\b)|CD34\+?[- ]?(?:selected |enriched "
     r"|positive )?(?:stem )?cells?|CD34[- ](?:positive|selected|enriched)|CD34\+"
     r"|peripheral blood stem cells?|(?:bone marrow|cord blood) transplant\w*|(?-i:\bBMT\b)"
     r"|ha?ematopoietic cell transplant\w*|bone marrow infusions?",
     KindTerm("HSC", "CL:0000037")),
    (r"(?:umbilical )?cord blood(?:[- ]derived)?(?: \w+)? (?:cells?|units?|infusions?|grafts?)"
     # "UCB Mesenchymal Stem Cells", "UCB-MSC": the cord blood is the MSCs' source
     r"|(?-i:\bUCB\b(?![- ]?(?:[Dd]erived )?(?:[Mm]esenchymal|MESENCHYMAL|MSC)))",
     KindTerm("HSC", "CL:0000037", UCB)),
    # other differentiated or tissue stem cells
    (r"cardiosphere[- ]derived cells?|(?-i:\bCDCs?\b)", KindTerm("OTHER_CELL")),
    # not "NSC 733972", a National Cancer Institute drug number
    (r"neural (?:stem|progenitor|precursor) cells?|(?-i:\bNSCs?\b(?!\s*-?\d)|\bNPCs?\b)",
     KindTerm("OTHER_CELL", "CL:0000047")),
    (r"limbal (?:epithelial )?stem cells?|cultivated limbal|holoclar",
     KindTerm("OTHER_CELL", "CL:4033093")),
    (r"chondrocytes?|(?-i:\bM?ACI\b)", KindTerm("OTHER_CELL", "CL:0000138")),
    # gene-corrected skin grafts: "Engineered Autologous Epidermal Sheets"
    (r"keratinocytes?(?![- ]growth)|(?:epidermal|keratinocyte) (?:cell )?sheets?"
     r"|cultured epidermal (?:auto)?grafts?|skin equivalent grafts?",
     KindTerm("OTHER_CELL", "CL:0000312")),
    (r"fibroblasts?", KindTerm("OTHER_CELL", "CL:0000057")),
    (r"hepatocytes?", KindTerm("OTHER_CELL", "CL:0000182")),
    (r"(?:pancreatic )?islets?(?: of Langerhans)?(?: cells?)?(?= transpl|\b)",
     KindTerm("OTHER_CELL", "CL:0000169", ISLET)),
    (r"endothelial (?:progenitor|precursor) cells?|(?-i:\bEPCs?\b)"
     r"|CD133\+?[- ]?(?:positive )?cells?",
     KindTerm("OTHER_CELL", "CL:0002619")),
    (r"(?:vein |vascular )?endothelial cells?", KindTerm("OTHER_CELL", "CL:0000115")),
    # not "granulocyte-macrophage colony-stimulating factor" (GM-CSF), a cytokine
    (r"(?<!granulocyte-)(?<!granulocyte )macrophages?(?![- ]colony)",
     KindTerm("OTHER_CELL", "CL:0000235")),
    (r"myoblasts?|muscle[- ]derived (?:stem |progenitor )?cells?|satellite cells?",
     KindTerm("OTHER_CELL", "CL:0000056")),
    (r"retinal pigment(?:ed)? epitheli\w+|(?-i:\bRPE\b)", KindTerm("OTHER_CELL", "CL:0002586")),
    (r"dopamin\w* neurons?", KindTerm("OTHER_CELL", "CL:0000700")),
    (r"cardiomyocytes?", KindTerm("OTHER_CELL", "CL:0000746")),
    (r"osteoblasts?", KindTerm("OTHER_CELL", "CL:0000062")),
    (r"schwann cells?", KindTerm("OTHER_CELL", "CL:0002573")),
    (r"olfactory ensheathing cells?", KindTerm("OTHER_CELL", "CL:0011028")),
    (r"melanocytes?", KindTerm("OTHER_CELL", "CL:0000148")),
    (r"amniotic epitheli\w+ (?:stem )?cells?", KindTerm("OTHER_CELL", "CL:0002640", AMNION)),
    (r"monocytes?", KindTerm("OTHER_CELL", "CL:0000576")),
    (r"mononuclear cells?|(?-i:\bMNCs?\b)", KindTerm("OTHER_CELL", "CL:0000842")),
    # generic words: the kind must come from context
    (r"stem[- ]cell transplant\w*", KindTerm("HSC", "CL:0000037", generic=True)),
    (r"stem[- ]cells?|progenitor cells?|precursor cells?",
     KindTerm("OTHER_CELL", "CL:0000034", generic=True)),
    (r"cell(?:ular)?[- ]therap\w*|cell[- ]based\w*|cell (?:product|suspension)"
     r"|cells?\b(?![- ](?:membranes?|surfaces?|lines?|death|counts?|cycles?|division|walls?"
     r"|prolif\w*|viability|lysis|adhesion|deplet\w*)\b)",
     KindTerm("OTHER_CELL", None, generic=True)),
)

#: Tissue words -> UBERON; the word must sit next to a product word (see module docstring).
TISSUE_TERMS: tuple[tuple[str, str], ...] = (
    # the apostrophe as typed: ' ’ ` ´, or a combining accent after a space ("Wharton ́s")
    (r"wharton\s?['’`´\u0301]?s?[- ]jelly|(?-i:\bWJ\b|WJ-?MSCs?|\bh?WJ\w*)", WJ),
    # "CB-MSCs", "CBMNC", "CB-SC"; not every word after "CB" ("CBC" blood counts, "CBD",
    # "CBCT" scans, "CB-AC-02" from placenta, a company's "CBCells")
    (r"(?:umbilical )?cord[- ]blood|(?-i:\bh?UCB\w*|\bh?CB-?(?:MSC|MNC|SC|HSC|NK)s?\b)", UCB),
    (r"umbilical[- ]cords?|umbilical|cord[- ]tissue|cord[- ](?:derived|lining)"
     r"|(?-i:\b[hH]?UC-?MSCs?|\bh?UC\b|\bUMSC\w*|\bhUC\w+|UC-\w+)", UC),
    # not BMI, BMD (bone mineral density), BMP (bone morphogenetic protein), BME/BMLs (oedema,
    # lesions), BMJ, BMS (a drug company's codes)
    (r"bone[- ]marrow|marrow|iliac crest"
     r"|(?-i:\bBM(?!I|D(?!MSC)|P|J\b|E\b|Ls?\b|W\b|S\b|APE)-?\w*|\bBMSCs?|\bBMMSC\w*)", BM),
    (r"adipose|lipoaspirat\w*|liposuction|\bfat\b|abdominal fat|stromal vascular fraction"
     # adipose abbreviations only ("AD-MSCs", "ADSC", "ADRC"), not "ADL", "ADAS" or "ADPKD"
     r"|(?-i:\bSVF\b)|(?-i:\bh?AD-?(?:MSC|SC|ASC|SVF|RC|HSC|MC|MSP|STEM|IPO)\w*|\bh?ASCs?\b)",
     ADIPOSE),
    (r"placenta\w*|(?-i:\bPL-?MSCs?|\bPLX\w*)", PLACENTA),
    (r"amniotic fluid", AMNIOTIC_FLUID),
    # not a membrane the cells are given with or seeded on ("MSCs and Human Amniotic Membrane
    # (AAdMSC-HAM) Composite", "seeded on amniotic membrane"): that membrane is a scaffold
    (r"amnion\w*|(?<!on )(?<!onto )amniotic(?! membranes?(?:\s*\([^()]{1,30}\))?\s+"
     r"(?:composite|scaffold|patch|graft|dressing|matrix|sheet|carrier))(?: membrane)?", AMNION),
    (r"chorion\w*|chorionic", CHORION),
    (r"dental pulp|exfoliated deciduous teeth|(?-i:\bDPSCs?|\bSHED\b)", DENTAL_PULP),
    (r"menstrual|(?-i:\bMenSCs?\b)", MENSTRUAL),
    # "plasma-derived exosomes", "exosomes ... from the participants' own plasma" (not
    # platelet-rich plasma given with cells), "vesicles from serum"
    (r"peripheral blood|(?-i:\bPBMNC?s?\b|\bPBSCs?\b|\bPBLs?\b)|leukapheresis|apheresis"
     r"|venous blood|(?<!rich )(?<!rich-)plasma[- ]derived|(?:own|autologous) plasma\b"
     # "Autologous extracellular vesicles from serum" (not "expanded with autologous serum")
     r"|(?<=from )serum\b"
     # "stem cell mobilization", "mobilized CD34+ cells": a graft collected from the blood
     # once mobilised (not "mobilization for stem cell collection" before another product)
     r"|(?:stem|progenitor) cells? mobili[sz]ation"
     r"|mobili[sz]ed (?:peripheral |autologous |allogeneic )?(?:stem|progenitor|CD34)", BLOOD),
)

#: Tissues whose products come from another person by nature (the donor is then inferred).
ALLOGENEIC_BY_NATURE: frozenset[str] = frozenset(
    {UC, WJ, UCB, PLACENTA, AMNION, CHORION, AMNIOTIC_FLUID})

#: Tissues that are too common in trial text to be taken without a product word beside them.
NEEDS_PRODUCT_WORD: frozenset[str] = frozenset({BLOOD, BM})

#: Cell words that, with a chimeric antigen receptor, make a CAR-T product.
CAR_T_CELLS: frozenset[str | None] = frozenset(
    {None, "CL:0000084", "CL:0000542", "CL:0000624", "CL:0000625"})

#: The most specific CL class of an MSC from a given tissue.
MSC_BY_TISSUE: dict[str, str] = {
    UC: "CL:0002569", WJ: "CL:0002568", BM: "CL:0002540", ADIPOSE: "CL:0002570",
    AMNION: "CL:0002537", CHORION: "CL:0002541",
}

#: A more specific tissue wins over the one it is part of (Wharton's jelly is in the cord).
TISSUE_REFINES: dict[str, str] = {UC: WJ}
#: Tissues a narrower one replaces when a text names both for the product: "cord-blood derived
#: Wharton's jelly mesenchymal stem cells" come from the cord's jelly, which no blood holds.
#: Only within one level of text: a cord-blood graft is not refined by a WJ-MSC in the summary.
TISSUE_REFINES_TOGETHER: dict[str, str] = {**TISSUE_REFINES, UCB: WJ}

DONOR_TERMS: tuple[tuple[str, str], ...] = (
    (r"auto-?log\w*|autogen(?:ous|eic)\b|(?:patient|participant|subject|individual|recipient|person|child|donor)"
     r"(?:'s|s'|’s|s’|s)? own|(?:their|his|her) own|self-derived"
     r"|from the (?:same )?(?:patient|participant|subject|recipient)", _AUTO),
    # rows of their own, so that their cues gate them alone
    (r"(?<=from )(?:the )?(?:bone )?marrow of (?:the |each |enrolled |these )?(?:patients?"
     r"|participants?|subjects?)\b|(?<=from )(?:the )?adipose tissue of (?:the |each |enrolled "
     r"|these )?(?:patients?|participants?|subjects?)\b", _AUTO),
    (r"allo-?gene?ic\w*|allogen\w*|donor[- ]derived"
     r"|(?:healthy|unrelated|third[- ]party|volunteer)(?:[- ]\w+){0,2} donors?"
     r"|from (?:a |an )?healthy (?:\w+ ){0,2}(?:volunteers?|donors?|individuals?|persons?)"
     r"|from (?:a |an )(?:[\w-]+ )?donor\b(?! site)"
     r"|third[- ]party|off[- ]the[- ]shelf|universal|perinatal|(?-i:\bALLO\b|ALLO-)|heterologous",
     _A),
    (r"(?:related|sibling|haplo-?identical|HLA[- ](?:matched|identical)|matched|family|parental)"
     r"(?:[- ]\w+){0,2} donors?|BMT donors?"
     r"|haplo-?identical\b|healthy (?:parents?|siblings?)\b"
     r"|allo[- ]?(?=(?:HSCT|HCT|SCT|BMT|transplant))", _A),
)

_ARTERY = (r"(?:hepatic|carotid|femoral|renal|vertebral|splenic|pancreatic|duodenal|iliac"
          r"|brachial|mesenteric|coeliac|celiac|obturator)(?:[- ]\w+)? arter(?:y|ies)")

_ORGAN_ARTERIAL = r"(?:hepatic|carotid|femoral|renal|coronary|pancreatic|iliac)[- ]arterial"
#: After an intra- word, the words that make it a condition or a device, not a route.
_NOT_A_CONDITION = (r"(?!\s+(?:ha?emorrhag\w*|bleed\w*|ha?ematomas?|adhesions?|synechiae"
                    r"|insemination|devices?|cholestasis|pressure|growth|pregnanc\w*))")

#: Where cells are placed in surgery: a defect, a fracture or a bone gap.
_SURGICAL_SITES = (r"defects?", r"fractures?(?: sites?| gaps?| lines?)?", r"non-?unions?",
                   r"osteotom\w+")
#: Cells placed at such a site, one alternative per site: each keeps a literal of its own
#: (the word tables run a pattern only on texts holding one of its literals).
_PLACED_AT_SURGICAL_SITE = "|".join(
    r"(?:applied|placed|packed|filled) (?:\w+ ){0,2}(?:to|on|onto|into|in|over) the (?:\w+ ){0,3}"
    + site for site in _SURGICAL_SITES)
_AT_SURGICAL_SITE = r" (?:[\w-]+ ){0,3}(?:" + "|".join(_SURGICAL_SITES) + r")\b"
#: Route words. Entries in WEAK_ROUTES name a placement without a route word ("injected
#: into the rete testis", "implanted"): they count only when no other route word is in the
#: same sentence ("injected into the knee joint" is intra-articular).
ROUTE_TERMS: tuple[tuple[str, str], ...] = (
    (r"intra[- ]?venous\w*|(?-i:\bIV\b(?<!stage IV)(?<!Stage IV)(?<!STAGE IV)(?<!grade IV)"
     r"(?<!Grade IV)(?<!class IV)(?<!Class IV)(?<!phase IV)(?<!Phase IV)(?<!type IV)(?<!Type IV)"
     r"(?!\s+(?:analges|sedat|an(?:a)?esthe|antibiot|fluids?|hydration|contrast|opioid"
     r"|fentanyl|morphine|dexameth))"
     r"|\bI\.V\.?|\bi\.v\.|i\.v\b"
     # lower case only between commas or brackets: "UC-MSC, iv, 1x10^6 cells/kg"
     r"|(?<=[,(] )iv(?=\s*[,)])|(?<=[,(])iv(?=[,)]))|peripheral(?:ly)? (?:vein|venous)"
     r"|venous (?:infusion|injection|route)|(?:in|into|via) (?:a|the) (?:peripheral |cubital |"
     r"\w+ )?veins?|via (?:the )?venous|(?:central )?venous (?:catheter|line|access)",
     "INTRAVENOUS"),
    (r"intra[- ]?theca\w*|lumbar puncture|subarachnoid|into the (?:cerebrospinal fluid|CSF)"
     r"|(?-i:\bIT\b(?=\s*\)|\s+(?:infusion|injection|administration|delivery|route))|(?<=\()IT\))",
     "INTRATHECAL"),
    (r"intra[- ]?articular\w*|(?:into|in) the (?:\w+ )?knee(?: joint)?"
     r"|(?:into|in) the (?:\w+ )?(?:hip|shoulder|ankle|temporomandibular|facet) joints?"
     # "anticular injection": a misspelling three records of one sponsor share
     r"|(?:knee|joint|hip|articular|anticular) injections?|joint punctures?|intra[- ]?discal"
     r"|into the (?:\w+ ){0,2}(?:discs?|joints?)"
     r"|intra[- ]?vertebral discs?|disc injections?",
     "INTRA_ARTICULAR"),
    (r"intra[- ]?muscular\w*|(?-i:\bIM\b)|into the (?:\w+ )?muscles?", "INTRAMUSCULAR"),
    (r"intra[- ]?coronar\w*|trans-?coronar\w*"
     r"|(?:into|in|via|through) the (?:\w+ ){0,2}coronary arter(?:y|ies)"
     r"|coronary (?:artery )?infusion"
     r"|(?:into|in|via|through) (?:the |an? )?infarct[- ]related arter(?:y|ies)"
     # "one single IC infusion followed by one single IV infusion", "via IC and IV"
     r"|(?-i:\bIC\b(?=\s+(?:infusions?|injections?|administration|delivery|route)\b"
     r"|\s+and\s+IV\b)|(?<=IV and )IC\b)", "INTRACORONARY"),
    (r"intra[- ]?myocardial\w*|trans[- ]?endocardial\w*|endomyocardial|endocardial(?:ly)?"
     r"|trans-?epicardial\w*|epicardial(?:ly)? (?:inject\w*|deliver\w*|administ\w*)"
     r"|trans[- ]?myocardial"
     r"|(?:into|in|to) the (?:\w+ ){0,2}myocardium|(?:into|in|to) the (?:\w+ ){0,2}heart muscle"
     r"|infarct(?:ed)? (?:border|area|zone|region|scar)|peri-?infarct\w*|border zone",
     "INTRAMYOCARDIAL"),
    # "subcutaneous abdominal adipose tissue will be harvested" names the fat, not a route
    (r"sub[- ]?cutaneous\w*\b(?!\s+(?:[\w-]+\s+)?(?:adipose|fat)\b)|(?-i:\bs\.c\.)",
     "SUBCUTANEOUS"),
    (r"intra[- ]?derm(?:al|ic)\w*|intracutaneous\w*", "INTRADERMAL"),
    # a named artery is a route only as the way in ("into the medial femoral circumflex
    # artery", "hepatic artery infusion"), not as anatomy ("after renal artery reperfusion")
    (r"intra[- ]?arterial\w*|intra-?carotid"
     # (the words between stop at "or", "and" and other vessels: "via portal vein or hepatic
     # artery" is two routes)
     r"|(?:into|via|through|in|to) (?:the |a |an |both |each )?"
     rf"(?:(?!(?:or|and|veins?)\b)[\w-]+ ){{0,3}}?{_ARTERY}"
     rf"|(?:(?<=vein or )|(?<=vein and )|(?<=veins or )|(?<=veins and )){_ARTERY}"
     rf"|{_ARTERY} (?:infusions?|injections?|catheter\w*|administration|delivery|route"
     r"|interventions?)"
     # "MSC applied via renal arterial or peripheral vein injection"
     rf"|(?:via|through|by) (?:the )?{_ORGAN_ARTERIAL}"
     rf"|{_ORGAN_ARTERIAL} (?:infusions?|injections?|administration|delivery|route)",
     "INTRA_ARTERIAL"),
    (r"intra[- ]?peritoneal\w*", "INTRAPERITONEAL"),
    (r"intra[- ]?nasal\w*|nasal (?:spray|drops?|administration)|nose drops", "INTRANASAL"),
    # not the bare verb: "insert the drainage tube to inhale haematoma"
    (r"inhal(?!e\b)\w*|nebuli[sz]\w*|aerosol\w*", "INHALATION"),
    # not a condition or a device named with the same word: "intracerebral haemorrhage",
    # "intrauterine adhesions", "intrauterine insemination"
    (r"intra[- ]?(?:lesional|vitreal|cavern|osseous|ovarian|fistul|spinal|medullary|cerebral"
     r"|parenchymal|gingival|uterine|testicular|pancrea|hepatic|tendin"
     r"|tumou?ral|sphincter|striatal|putamin|vesical|cameral|glandular|thyroid|renal|nodal)\w*"
     + _NOT_A_CONDITION, "LOCAL_INJECTION"),
    (r"local(?:ly)? (?:inject\w*|administ\w*|implant\w*|deliver\w*)|peri-?lesional"
     r"|sub[- ]?retinal\w*|suprachoroidal|sub[- ]?tenon|into the fistula\w*|stereotactic\w*"
     r"|periodontal|rete testis|direct injection"
     r"|sub-?mucos\w*|sub-?conjunctival\w*|peri-?tumou?ral|(?:anal|urethral|esophageal) sphincter"
     r"|percutaneous(?:ly)? inject\w*|retro-?bulbar|trans-?dermal(?:ly)? inject\w*"
     # around a lesion or a structure (not "perianal", a kind of disease): "Peri-fistula
     # injections", "injected by peribulbar", "perilimbal injections", "peritendinous",
     # "subchondral injections"
     r"|peri-?(?:fistul|bulbar|limbal|tendin|urethral)\w*"
     r"|sub-?chondral(?:ly)? (?:inject\w*|deliver\w*|administ\w*|implant\w*)"
     # "injection of ... UC-MSCs to fistula", "Injection of ASC ... to Crohn's Fistula" (not
     # "next to the fistula" of an arteriovenous access)
     r"|inject\w* (?:[\w()-]+ ){0,8}?(?:into|to) (?:the |a )?(?:[\w'’-]+ ){0,2}?fistula"
     r"|into the (?:\w+ )?lacrimal glands?",
     "LOCAL_INJECTION"),
    # delivery the route list has no word for, as the labelling conventions read it:
    # into the brain's ventricles, the airways by bronchoscope, the portal vein, a circuit
    (r"intra[- ]?cerebroventricular\w*|intra[- ]?ventricular\w*" + _NOT_A_CONDITION + "|ommaya"
     r"|endo-?bronchial\w*|intra-?bronch\w*|bronchoscop\w*|intra-?tracheal\w*|portal vein"
     r"|intra-?portal\w*"
     r"|(?:bypass|CPB|ECMO|extracorporeal|dialysis|renal replacement(?: therapy)?|CRRT"
     r"|ha?emodialysis|plasmapheresis) circuit|(?:cardiopulmonary )?bypass"
     r" (?:circuit|machine|pump)", "OTHER"),
    (r"implant\w*|transplanted (?:in|into|onto|on)\b|engrafted into|scaffold|seeded (?:on|onto)"
     # "fibrin gel seeded with autologous cultured BM-MSCs"
     r"|(?:gel|matri(?:x|ces)|construct|equivalent|carrier|sponge|hydrogel)s? seeded with"
     r"|cell-seeded|fistula plug|coated with|(?:bone|composite) graft|graft substitute"
     r"|allograft chips|loaded (?:in|into|onto|on)\b|embedded (?:in|into|onto|on)\b"
     r"|(?:cell|tissue) sheets?|" + _PLACED_AT_SURGICAL_SITE +
     # skin grafts of cultured cells: "skin equivalent grafts", "graft the sheet to wounds"
     r"|skin equivalent grafts?|graft(?:ed)? (?:the )?(?:[\w-]+ )?(?:on|onto|to) (?:the )?wounds?"
     r"|defects? (?:is |are |will be )?filled|fibrin (?:glue|sealant)|surgically applied"
     # cells mixed into a bone-graft carrier: "mixed with 5 cc of beta-tricalcium phosphate foam"
     r"|(?:mixed|combined) with (?:[\w-]+ ){0,5}?(?:foam|granules|putty|ceramics?"
     r"|hydroxyapatite|tricalcium phosphate|bone (?:grafts?|substitutes?|chips)"
     r"|demineralized bone matrix)",
     "IMPLANTATION"),
    # a row of its own, so that its cues ("included", "membrane") gate it alone:
    # cells carried on a membrane, matrix or patch: "MSCs included in the OrthADAPT membrane",
    # "Collagen Membrane with MSC", "the matrix-cell (PeriCord) construct"
    # (one alternative per leading word, so that each has a literal cue)
    ("|".join(rf"{verb} (?:in|into|on|onto|within) (?:the |a |an )?(?:[\w-]+ ){{0,4}}"
              r"(?:membranes?|matri(?:x|ces)|scaffolds?|patch(?:es)?|carriers?|sponges?"
              r"|hydrogels?)\b" for verb in ("included", "incorporated", "coloni[sz]ed",
                                             "impregnated"))
     + "".join(rf"|{carrier} (?:with|containing|loaded with|seeded with|carrying)\b"
               rf"|{carrier}[- ]cells?\b(?: construct| composite)?"
               for carrier in ("membranes?", "matri(?:x|ces)", "scaffolds?", "patch(?:es)?"))
     + r"|cells?[- ]construct|cells?[- ]composite", "IMPLANTATION"),
    # "applied on the fracture site" during surgery is an implantation (above)
    # not "Transdermal injection into the wrinkles": a needle through the skin
    (r"topical\w*|trans-?dermal\w*(?! inject)"
     r"|applied (?:to|on|onto|over) the(?!" + _AT_SURGICAL_SITE + ")"
     r"|application (?:to|on|onto) the(?!" + _AT_SURGICAL_SITE + r")|spray\w* (?:on|onto)"
     r"|eye drops?|/\s?drops?\b|drops? (?:in|into|to) (?:each|the|both) eyes?|ophthalmic drops?"
     r"|wound dressing|dressings?"
     # on a wound: "Application of ALLO-ASC-DFU sheet to diabetic foot ulcer", "applied
     # directly onto prepared wound bed", "paint the ... gel on the wound"
     # (one alternative per leading word, so that each has a literal cue)
     + "".join(rf"|{verb} (?:[\w-]+ ){{0,6}}?(?:to|on|onto|over) (?:the |each |all )?"
               r"(?:[\w-]+ ){0,2}?(?:wounds?|ulcers?|burns?|skin surface)\b"
               for verb in ("appl(?:y|ied|ying|ication)", r"paint\w*", r"spread\w*")),
     "TOPICAL"),
    # a placement with no route word: yields to any route word in its sentence
    (r"inject\w*(?=\s+(?:directly\s+)?(?:into|underneath|beneath|around|inside|within)\s"
     r"(?!(?:the\s+|each\s+|a\s+)?(?:patients?|subjects?|participants?|body|blood\w*"
     r"|circulation|recipients?|veins?|mice|rats?|animals?)\b))"
     r"|inject\w*(?=\s+(?:directly\s+)?(?:in|at|to)\s+the\s+(?:\w+\s+){0,2}(?:sites?|lesions?"
     r"|tendons?|ligaments?|bones?(?! marrow)"
     r"|area|region|wound|defect|scar|tissue|space|bed)\b)"
     r"|(?:into|in) the (?:\w+ ){0,2}(?:brain|striatum|putamen|spinal cord|lesions?"
     r"|vocal folds?|nonunion|non-union)\b"
     # "Injection of adipose derived mesenchymal stem cell in the site of tibia fracture"
     r"|(?<=\bin )the site of (?:the )?(?:[\w-]+ ){0,2}(?:fractures?|non-?unions?|defects?"
     r"|lesions?)\b", "LOCAL_INJECTION"),
)

MODIFICATION_TERMS: tuple[tuple[str, str], ...] = (
    # "chimeric immunoreceptor": City of Hope's word for its early CD19/CD20 CARs
    (r"chimeric (?:antigen |immuno-?)receptor|(?-i:\bCARs?\b|CAR[- ]?(?:T|NK)\w*|\bCARTs?\b)"
     r"|\w*cabtagene", "CAR"),
    (r"TCR[- ]?T\b|TCR[- ](?:engineered|transduced|modified)|engineered T[- ]cell receptor",
     "TCR"),
    (r"CRISPR\w*|TALEN\w*|zinc[- ]finger nuclease|gene[- ]edit\w*|knock-?out|base[- ]edit\w*",
     "GENE_EDITED"),
    (r"genetically[- ](?:modified|engineered)|gene[- ](?:modified|marked|transfer)|transduc\w*"
     r"|transfect\w*|lentivir\w*|retrovir\w*|over-?express\w*|engineered to (?:express|secrete)"
     r"|(?:gene|transgene)[- ]expressing", "TRANSGENE"),
)

#: Antigens a CAR is commonly written against (the words as written, normalised below).
ANTIGEN_PATTERN = (
    r"\b(?:CD19|CD20|CD22|CD30|CD33|CD38|CD5|CD7|CD70|CD123|CD117|CD171|BCMA|GD2|HER-?2|"
    r"EGFRvIII|EGFR|GPC3|mesothelin|MSLN|PSMA|PSCA|CLDN18\.2|claudin\s*18\.2|NKG2D|ROR1|CEA|"
    r"MUC1|EpCAM|B7-?H3|IL13R[aα]2|CS1|SLAMF7|FAP|GPRC5D|L1CAM|Lewis[- ]Y|CD4|CD276|TRBC1|"
    r"NY-ESO-1|CLL-?1|LeY|PD-?L1|c-?Met|ALPP|AXL|DLL3)\b"
)

#: Interventions that are never products, whatever the trial is about.
NOT_PRODUCT_STRONG = re.compile(
    r"^\s*(?:no|without)\b|placebo|\bsham\b|\bvehicle\b|\bmock\b|\bdummy\b|\bexcipient|diluent|cryostor"
    r"|cryoprotect\w*\s+(?:medium|solution)|plasma-?lyte", re.IGNORECASE)
#: Words that make an intervention a comparator or a non-cell drug unless a product word is
#: in its name ("MSC plus standard care" is a product, "Standard care" is not).
NOT_PRODUCT_WEAK = re.compile(
    r"\bcontrol(?:led)?\b|\bsaline\b|standard (?:of )?(?:care|treatment|therapy|medical)|usual care"
    r"|conventional (?:treatment|therapy|medical|care)|best supportive|supportive care"
    r"|no (?:intervention|treatment)|\bobservation\b|routine (?:treatment|care)|albumin"
    r"|platelet[- ]rich|\bPRP\b|\bplasma\b|\bserum\b|hyaluron\w*|interferon|\w+mab\b|\w+nib\b"
    r"|cyclophosphamide|fludarabine|busulfan|melphalan|treosulfan|thiotepa|etoposide"
    r"|bendamustine|cytarabine|tacrolimus|cyclospor\w*|sirolimus|methotrexate|mycophenol\w*"
    r"|thymocyte|\bATG\b|thymoglobulin|aldesleukin|interleukin|\bIL-?2\b|G-?CSF|filgrastim"
    r"|GM-?CSF|sargramostim|molgramostim|colony[- ]stimulating factor"
    r"|plerixafor|dexamethasone|\w*prednisol\w*|heparin|\birradiation\b|\bradiation\b"
    r"|\bTBI\b|chemotherap\w*|conditioning|lymphodeplet\w*|apheresis|leukapheresis"
    r"|\bharvest\w*|procure\w*|collection|mobili[sz]ation|liposuction|lipoaspiration|biopsy|aspiration"
    r"|rehabilitation|physiotherapy|exercise|surgery|questionnaire|\bMRI\b|\bPET\b|imaging"
    r"|blood (?:draw|sampl\w*|test)|laboratory|vaccine(?!s? of)", re.IGNORECASE)
#: Words before a product word that make the sentence about another intervention
#: ("given after MSC infusion", "in addition to CAR-T cells").
RELATIONAL = re.compile(
    r"(?:prior to|before|after|following|in addition to|combined with|together with|along with"
    r"|plus|followed by|preceding|precede|ahead of|instead of|compared (?:to|with)|versus|vs\.?"
    r"|undergoing|who (?:have |had )?(?:undergone|underwent)|candidates for|scheduled for)"
    r"\s+(?:\w+\s+){0,4}$", re.IGNORECASE)
