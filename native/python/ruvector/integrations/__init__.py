"""Adapters for the frameworks users already work in, each an optional extra:

- ``ruvector.integrations.langchain``: ``RuVectorStore`` (a LangChain ``VectorStore``), ``ruvector[langchain]``
- ``ruvector.integrations.llamaindex``: ``RuVectorVectorStore`` (LlamaIndex), ``pip install ruvector[llamaindex]``
- ``ruvector.integrations.mcp_server``: ``ruvector serve`` (an MCP server), ``pip install ruvector[mcp]``

All of them store texts in :class:`ruvector.Collection` and pass metadata filters to its scan.
"""
