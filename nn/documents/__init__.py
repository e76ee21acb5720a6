"""The five documents' networks (``examples``), their worked examples step by step
(``worked``, built from ``equations``) and Nielsen's four equations (``nielsen``),
built on the model library of ``nn``; apart from it, so the library stays a library."""
