"""QuoteArchive: turn news articles into a searchable archive of attributed quotations.

The pipeline, one module per stage (run in order by :mod:`quotearchive.pipeline`):

1. :mod:`ingest`     read .txt, .html and .jsonl files into raw documents;
2. :mod:`clean`      strip boilerplate by family, recover title, outlet and dates;
3. :mod:`extract`    find every direct quotation in the cleaned paragraphs;
   :mod:`attribute`  give each one a canonical speaker, role, evidence and date
                     (reading phrases with :mod:`phrases`, people with :mod:`cast`);
4. :mod:`statements` group quotes that report the same statement;
5. :mod:`index`      write the quotes to a Whoosh index, swapped in atomically;
6. :mod:`search`     answer search requests from that index.

Rule data (boilerplate patterns, speech verbs, titles) lives in :mod:`quotearchive.rules`.
The web layer (:mod:`quotearchive.web`) and the CLI (:mod:`quotearchive.cli`) only call these.
"""

__version__ = "0.1.0"
