"""Intervention texts -> cell product facts (kind, cell type, source, donor, route, dose).

For every intervention of a v2-shaped study this package decides whether it is a cell product
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
``MODIFICATION``) or an ontology CURIE; this package knows nothing about RDF.

Modules, in the order a fact is made: ``terms`` (the word tables), ``tables`` (matching them
fast), ``scan`` (the words of one text), ``texts`` (which texts of the record are read),
``patterns`` (cue words several decisions share), ``kind`` (is it a product, of what kind),
``source`` (tissue and donor), ``routes``, ``extract`` (one fact per intervention, with
modification and dose) and ``main`` (the trial's main product). ``facts`` holds the
dataclasses the rest of ``kg`` sees.
"""

from kg.text.products.extract import extract_products
from kg.text.products.facts import Dose, Evidence, LexiconLike, MentionLike, ProductFact
from kg.text.products.main import main_product

__all__ = ["Dose", "Evidence", "LexiconLike", "MentionLike", "ProductFact", "extract_products",
           "main_product"]
