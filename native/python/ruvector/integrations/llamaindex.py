"""LlamaIndex: :class:`RuVectorVectorStore`, a ``BasePydanticVectorStore`` on :class:`ruvector.Collection`
(``pip install ruvector[llamaindex]``).

>>> from llama_index.core import StorageContext, VectorStoreIndex
>>> from ruvector.integrations.llamaindex import RuVectorVectorStore
>>> store = RuVectorVectorStore()
>>> index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store))

LlamaIndex computes the embeddings (its ``embed_model``); the collection stores nodes (text and
metadata), and ``MetadataFilters`` become a ruvector metadata filter evaluated inside the index
scan, so ``similarity_top_k`` nodes come back whenever that many match. Supported operators: ==, !=,
>, >=, <, <=, in, nin, contains, any, all; conditions and, or, not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.schema import BaseNode
from llama_index.core.vector_stores.types import (
    BasePydanticVectorStore,
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
    VectorStoreQueryResult,
)
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict

from ..collection import Collection, Hit
from ..embed import HashEmbedder, TextEncoder
from ..errors import InvalidInput
from ..flat import Metric
from ._feed import ID_KEY, VectorFeed, key_of, replace, split_meta, stored_meta

__all__ = ["RuVectorEmbedding", "RuVectorVectorStore", "to_ruvector_filter"]

_OPERATORS = {
    FilterOperator.EQ: "$eq",
    FilterOperator.NE: "$ne",
    FilterOperator.GT: "$gt",
    FilterOperator.GTE: "$gte",
    FilterOperator.LT: "$lt",
    FilterOperator.LTE: "$lte",
    FilterOperator.IN: "$in",
    FilterOperator.NIN: "$nin",
    FilterOperator.CONTAINS: "$contains",
}


def to_ruvector_filter(filters: MetadataFilters) -> dict[str, Any]:
    """LlamaIndex ``MetadataFilters`` as the ruvector filter the core evaluates."""
    parts = [_one(f) if isinstance(f, MetadataFilter) else to_ruvector_filter(f) for f in filters.filters]
    condition = filters.condition or FilterCondition.AND
    if condition == FilterCondition.OR:
        return {"$or": parts}
    if condition == FilterCondition.NOT:
        return {"$not": {"$and": parts}}
    return {"$and": parts}


def _one(f: MetadataFilter) -> dict[str, Any]:
    if f.operator == FilterOperator.ANY or f.operator == FilterOperator.ALL:
        if not isinstance(f.value, list):
            raise InvalidInput(f"filter on {f.key!r}: operator {f.operator.value!r} expects a list")
        group = "$or" if f.operator == FilterOperator.ANY else "$and"
        return {group: [{f.key: {"$contains": v}} for v in f.value]}
    op = _OPERATORS.get(f.operator)
    if op is None:
        supported = ", ".join(o.value for o in [*_OPERATORS, FilterOperator.ANY, FilterOperator.ALL])
        raise InvalidInput(f"filter on {f.key!r}: operator {f.operator.value!r} is not supported (one of {supported})")
    return {f.key: {op: f.value}}


class RuVectorEmbedding(BaseEmbedding):
    """ruvector's own embedder as a LlamaIndex ``embed_model``: ``HashEmbedder()`` by default, or a
    :class:`ruvector.TextEncoder` for semantic embeddings."""

    _embedder: HashEmbedder | TextEncoder = PrivateAttr()

    def __init__(self, embedder: HashEmbedder | TextEncoder | None = None, **kwargs: Any) -> None:
        super().__init__(model_name="ruvector", **kwargs)
        self._embedder = embedder if embedder is not None else HashEmbedder()

    @classmethod
    def class_name(cls) -> str:
        return "RuVectorEmbedding"

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        rows: list[list[float]] = self._embedder.embed(texts).tolist()
        return rows

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embedding(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embedding(query)


class RuVectorVectorStore(BasePydanticVectorStore):
    """A LlamaIndex vector store on :class:`ruvector.Collection` (exact search while small, RaBitQ from
    ``rabitq_threshold`` nodes on). ``metric``: "cosine" (default), "ip" or "l2"."""

    stores_text: bool = True
    metric: str = "cosine"
    rabitq_threshold: int | None = None

    _feed: VectorFeed | None = PrivateAttr(default=None)
    _collection: Collection | None = PrivateAttr(default=None)

    def __init__(self, metric: Metric = "cosine", rabitq_threshold: int | None = None, **kwargs: Any) -> None:
        super().__init__(metric=metric, rabitq_threshold=rabitq_threshold, **kwargs)  # type: ignore[call-arg]

    @classmethod
    def class_name(cls) -> str:
        return "RuVectorVectorStore"

    @property
    def client(self) -> Collection | None:
        """The underlying collection (None until the first add)."""
        return self._collection

    def add(self, nodes: Sequence[BaseNode], **add_kwargs: Any) -> list[str]:
        if not nodes:
            return []
        vectors = [n.get_embedding() for n in nodes]
        if self._collection is None:
            self._feed = VectorFeed(len(vectors[0]))
            self._collection = Collection(
                self._feed,
                metric=self.metric,  # type: ignore[arg-type]
                rabitq_threshold=self.rabitq_threshold,
            )
        assert self._feed is not None
        metas = [stored_meta(n.node_id, node_to_metadata_dict(n, remove_text=True)) for n in nodes]
        with self._feed.rows(vectors):
            replace(self._collection, [key_of(n.node_id) for n in nodes], [n.get_content() for n in nodes], metas)
        return [n.node_id for n in nodes]

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        """Removes every node of this source document."""
        if self._collection is not None:
            self._collection.remove(self._collection.ids(filter={"ref_doc_id": ref_doc_id}))

    def delete_nodes(
        self, node_ids: list[str] | None = None, filters: MetadataFilters | None = None, **delete_kwargs: Any
    ) -> None:
        if self._collection is not None:
            self._collection.remove(self._matching(node_ids, filters))

    def clear(self) -> None:
        self._collection = None
        self._feed = None

    def get_nodes(self, node_ids: list[str] | None = None, filters: MetadataFilters | None = None) -> list[BaseNode]:
        if self._collection is None:
            return []
        return [_node(h) for h in self._collection.get(self._matching(node_ids, filters))]

    def query(self, query: VectorStoreQuery, **kwargs: Any) -> VectorStoreQueryResult:
        col = self._collection
        if col is None or len(col) == 0:
            return VectorStoreQueryResult(nodes=[], similarities=[], ids=[])
        if query.query_embedding is None:
            raise InvalidInput("RuVectorVectorStore searches by embedding: the query has none")
        conditions = []
        if query.filters is not None:
            conditions.append(to_ruvector_filter(query.filters))
        if query.node_ids:
            conditions.append({ID_KEY: {"$in": list(query.node_ids)}})
        if query.doc_ids:
            conditions.append({"ref_doc_id": {"$in": list(query.doc_ids)}})
        assert self._feed is not None
        with self._feed.rows([query.query_embedding]):
            hits = col.query(
                query.query_str or "", query.similarity_top_k, filter={"$and": conditions} if conditions else None
            )
        nodes = [_node(h) for h in hits]
        return VectorStoreQueryResult(nodes=nodes, similarities=[h.score for h in hits], ids=[n.node_id for n in nodes])

    def _matching(self, node_ids: list[str] | None, filters: MetadataFilters | None) -> list[int]:
        assert self._collection is not None
        keys = [key_of(i) for i in node_ids] if node_ids is not None else None
        if filters is None:
            return keys if keys is not None else self._collection.ids()
        matching = self._collection.ids(filter=to_ruvector_filter(filters))
        if keys is None:
            return matching
        wanted = set(keys)
        return [k for k in matching if k in wanted]


def _node(hit: Hit) -> BaseNode:
    _, metadata = split_meta(hit.meta)
    node = metadata_dict_to_node(metadata, text=hit.text)
    return node
