"""LangChain: :class:`RuVectorStore`, a ``VectorStore`` on :class:`ruvector.Collection`
(``pip install ruvector[langchain]``).

>>> from ruvector.integrations.langchain import RuVectorStore, RuVectorEmbeddings
>>> store = RuVectorStore.from_texts(["the cat sat", "stocks fell"], RuVectorEmbeddings(),
...                                  metadatas=[{"topic": "pets"}, {"topic": "money"}])
>>> store.similarity_search("cat", k=1, filter={"topic": "pets"})[0].page_content
'the cat sat'

Embeddings: any LangChain ``Embeddings`` (documents through ``embed_documents``, queries through
``embed_query``), or :class:`RuVectorEmbeddings` (ruvector's HashEmbedder or TextEncoder, which the
collection then calls natively). ``filter``: a metadata filter mapping (``{"year": {"$gte": 2020}}``,
``{"$or": [...]}``; docs/integrations.md), evaluated inside the index scan, so ``k`` documents
come back whenever ``k`` match. Ids are strings (uuid4 when not given); adding an existing id
replaces it. Scores are similarities: higher is closer (cosine: 1 = same direction).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Self

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from ..collection import Collection, Hit
from ..embed import HashEmbedder, TextEncoder
from ..errors import InvalidInput
from ..flat import Metric
from ._feed import VectorFeed, key_of, replace, split_meta, stored_meta

__all__ = ["RuVectorEmbeddings", "RuVectorStore"]


class RuVectorEmbeddings(Embeddings):
    """ruvector's own embedder as LangChain ``Embeddings``: ``HashEmbedder()`` by default, or a
    :class:`ruvector.TextEncoder` for semantic embeddings."""

    def __init__(self, embedder: HashEmbedder | TextEncoder | None = None) -> None:
        self.embedder: HashEmbedder | TextEncoder = embedder if embedder is not None else HashEmbedder()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        rows: list[list[float]] = self.embedder.embed(texts).tolist()
        return rows

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class RuVectorStore(VectorStore):
    """A LangChain vector store on :class:`ruvector.Collection` (exact search while small, RaBitQ
    from ``rabitq_threshold`` texts on). ``metric``: "cosine" (default), "ip" or "l2"."""

    def __init__(
        self, embedding: Embeddings, *, metric: Metric = "cosine", rabitq_threshold: int | None = None
    ) -> None:
        if not isinstance(embedding, Embeddings):
            raise InvalidInput(f"embedding must be a LangChain Embeddings, got {type(embedding).__name__}")
        self._embedding = embedding
        self._metric = metric
        self._rabitq_threshold = rabitq_threshold
        self._feed: VectorFeed | None = None
        self._collection: Collection | None = None
        self._start()

    def _start(self) -> None:
        self._feed = None
        self._collection = None
        if isinstance(self._embedding, RuVectorEmbeddings):  # the native embedder, no round trip through Python
            self._collection = Collection(
                self._embedding.embedder, metric=self._metric, rabitq_threshold=self._rabitq_threshold
            )

    @property
    def embeddings(self) -> Embeddings:
        return self._embedding

    @property
    def collection(self) -> Collection | None:
        """The underlying collection (None until the first add, unless the embeddings are ruvector's)."""
        return self._collection

    def _native(self) -> bool:
        return isinstance(self._embedding, RuVectorEmbeddings)

    def _ensure(self, dim: int) -> Collection:
        if self._collection is None:
            self._feed = VectorFeed(dim)
            self._collection = Collection(self._feed, metric=self._metric, rabitq_threshold=self._rabitq_threshold)
        return self._collection

    # --- writing -------------------------------------------------------------------------------

    def add_texts(
        self,
        texts: Iterable[str],
        metadatas: list[dict[str, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> list[str]:
        text_list = list(texts)
        if metadatas is not None and len(metadatas) != len(text_list):
            raise InvalidInput(f"got {len(metadatas)} metadatas for {len(text_list)} texts")
        if ids is not None and len(ids) != len(text_list):
            raise InvalidInput(f"got {len(ids)} ids for {len(text_list)} texts")
        given: Sequence[str | None] = ids if ids is not None else [None] * len(text_list)
        doc_ids = [i if i is not None else str(uuid.uuid4()) for i in given]
        if not text_list:
            return []
        meta_list: Sequence[Mapping[str, Any] | None] = metadatas if metadatas is not None else [None] * len(text_list)
        metas = [stored_meta(i, m) for i, m in zip(doc_ids, meta_list, strict=True)]
        keys = [key_of(i) for i in doc_ids]
        if self._native():
            assert self._collection is not None
            replace(self._collection, keys, text_list, metas)
            return doc_ids
        vectors = self._embedding.embed_documents(text_list)
        col = self._ensure(len(vectors[0]) if vectors else 1)
        assert self._feed is not None
        with self._feed.rows(vectors):
            replace(col, keys, text_list, metas)
        return doc_ids

    def add_documents(self, documents: list[Document], **kwargs: Any) -> list[str]:
        ids = kwargs.pop("ids", None) or [d.id for d in documents]
        return self.add_texts(
            [d.page_content for d in documents], [dict(d.metadata) for d in documents], ids=ids, **kwargs
        )

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        """Removes these ids (unknown ones are ignored); ``ids=None`` removes everything."""
        if self._collection is None:
            return True
        if ids is None:
            self._start()
            return True
        self._collection.remove([key_of(i) for i in ids])
        return True

    # --- reading -------------------------------------------------------------------------------

    def get_by_ids(self, ids: Sequence[str], /) -> list[Document]:
        if self._collection is None:
            return []
        return [_document(h) for h in self._collection.get([key_of(i) for i in dict.fromkeys(ids)])]

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score(query, k, **kwargs)]

    def similarity_search_with_score(
        self, query: str, k: int = 4, filter: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> list[tuple[Document, float]]:
        """(document, similarity) pairs, best first; ``filter`` as in the module doc."""
        if self._native():
            assert self._collection is not None
            return [(_document(h), h.score) for h in self._collection.query(query, k, filter=_checked(filter))]
        return self.similarity_search_with_score_by_vector(self._embedding.embed_query(query), k, filter, **kwargs)

    def similarity_search_by_vector(self, embedding: list[float], k: int = 4, **kwargs: Any) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score_by_vector(embedding, k, **kwargs)]

    def similarity_search_with_score_by_vector(
        self, embedding: list[float], k: int = 4, filter: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> list[tuple[Document, float]]:
        col = self._collection
        if col is None or len(col) == 0:
            return []
        if self._native():
            raise InvalidInput("a store on RuVectorEmbeddings searches by text: use similarity_search")
        assert self._feed is not None
        with self._feed.rows([embedding]):
            hits = col.query("", k, filter=_checked(filter))
        return [(_document(h), h.score) for h in hits]

    def _select_relevance_score_fn(self) -> Callable[[float], float]:
        if self._metric == "cosine":
            return lambda score: (score + 1.0) / 2.0  # similarity in [-1, 1] -> [0, 1]
        if self._metric == "l2":
            return lambda score: 1.0 / (1.0 + -score)  # scores are -squared distance
        return lambda score: score

    @classmethod
    def from_texts(
        cls,
        texts: list[str],
        embedding: Embeddings,
        metadatas: list[dict[str, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> Self:
        store = cls(embedding, **kwargs)
        store.add_texts(texts, metadatas, ids=ids)
        return store


def _checked(filter: object) -> Mapping[str, Any] | None:
    if filter is None or isinstance(filter, Mapping):
        return filter
    raise InvalidInput(
        f"filter must be a metadata mapping such as {{'topic': {{'$in': ['a', 'b']}}}}, got {type(filter).__name__}"
    )


def _document(hit: Hit) -> Document:
    doc_id, metadata = split_meta(hit.meta)
    return Document(id=doc_id, page_content=hit.text, metadata=metadata)
