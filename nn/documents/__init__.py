"""The five documents' networks (``examples``) and Nielsen's four equations
(``nielsen``), built on the model library of ``nn``; apart from it, so the library
stays a library."""
