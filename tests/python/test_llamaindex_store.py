"""ruvector.integrations.llamaindex against the real llama-index-core (pinned in requirements-dev.txt):
a VectorStoreIndex end to end on RuVectorVectorStore with ruvector's embedding, then the store's own
methods: MetadataFilters inside the scan (k nodes whenever k match), deletes and node lookups."""

from __future__ import annotations

import pytest
from llama_index.core import Document, StorageContext, VectorStoreIndex
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import (
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)
from ruvector.integrations.llamaindex import RuVectorEmbedding, RuVectorVectorStore, to_ruvector_filter

import ruvector as rv

DOCS = [
    Document(text="The cat sat on the mat and purred.", metadata={"topic": "pets", "year": 2020}, doc_id="a"),
    Document(
        text="Stock markets fell after the bank raised rates.", metadata={"topic": "money", "year": 2021}, doc_id="b"
    ),
    Document(text="Bake the apple pie for forty minutes.", metadata={"topic": "food", "year": 2022}, doc_id="c"),
]


def test_vector_store_index_end_to_end() -> None:
    store = RuVectorVectorStore()
    embed = RuVectorEmbedding(rv.HashEmbedder(128))
    index = VectorStoreIndex.from_documents(
        DOCS, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed
    )
    found = index.as_retriever(similarity_top_k=1).retrieve("how long to bake the apple pie")
    assert found[0].node.get_content() == DOCS[2].text
    assert found[0].node.metadata["topic"] == "food"
    pets = index.as_retriever(
        similarity_top_k=3, filters=MetadataFilters(filters=[MetadataFilter(key="topic", value="pets")])
    ).retrieve("apple pie")
    assert [n.node.metadata["topic"] for n in pets] == ["pets"]
    index.delete_ref_doc("a")
    assert store.client is not None
    assert len(store.client) == 2


def nodes(n: int) -> list[TextNode]:
    embed = rv.HashEmbedder(32)
    texts = [f"note {i} about {'planets' if i % 2 else 'rivers'}" for i in range(n)]
    vectors = embed.embed(texts).tolist()
    return [
        TextNode(
            text=t,
            id_=f"n{i}",
            embedding=v,
            metadata={"i": i, "rare": "yes" if i % 10 == 3 else "no", "tags": ["x", f"t{i % 3}"]},
        )
        for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
    ]


def test_filters_run_inside_the_scan() -> None:
    store = RuVectorVectorStore(rabitq_threshold=8)  # RaBitQ over 40 nodes: its probes hold only some rare ones
    all_nodes = nodes(40)
    assert store.add(all_nodes) == [n.node_id for n in all_nodes]
    assert store.client is not None
    assert store.client.index_kind == "rabitq"
    query = VectorStoreQuery(
        query_embedding=all_nodes[0].get_embedding(),
        similarity_top_k=4,
        filters=MetadataFilters(filters=[MetadataFilter(key="rare", value="yes")]),
    )
    result = store.query(query)
    assert sorted(result.ids or []) == ["n13", "n23", "n3", "n33"]
    ranged = MetadataFilters(
        filters=[
            MetadataFilter(key="i", value=30, operator=FilterOperator.GTE),
            MetadataFilters(
                filters=[
                    MetadataFilter(key="tags", value=["t1"], operator=FilterOperator.ANY),
                    MetadataFilter(key="i", value=[30, 31], operator=FilterOperator.IN),
                ],
                condition=FilterCondition.OR,
            ),
        ]
    )
    got = store.query(
        VectorStoreQuery(query_embedding=all_nodes[0].get_embedding(), similarity_top_k=10, filters=ranged)
    )
    assert sorted(int(i[1:]) for i in got.ids or []) == [30, 31, 34, 37]
    assert got.similarities == sorted(got.similarities or [], reverse=True)


def test_node_lookups_and_deletes() -> None:
    store = RuVectorVectorStore()
    store.add(nodes(10))
    assert [n.node_id for n in store.get_nodes(node_ids=["n2", "n5"])] == ["n2", "n5"]
    rare = MetadataFilters(filters=[MetadataFilter(key="rare", value="yes")])
    assert [n.node_id for n in store.get_nodes(filters=rare)] == ["n3"]
    store.delete_nodes(filters=rare)
    store.delete_nodes(node_ids=["n0"])
    assert store.client is not None
    assert len(store.client) == 8
    store.clear()
    assert store.query(VectorStoreQuery(query_embedding=[0.1] * 32, similarity_top_k=2)).ids == []


def test_unsupported_operators_are_named() -> None:
    with pytest.raises(rv.InvalidInput, match="operator 'text_match' is not supported"):
        to_ruvector_filter(
            MetadataFilters(filters=[MetadataFilter(key="t", value="x", operator=FilterOperator.TEXT_MATCH)])
        )
