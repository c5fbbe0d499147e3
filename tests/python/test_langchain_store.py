"""ruvector.integrations.langchain against the real langchain-core (pinned in requirements-dev.txt):
LangChain's own standard vector-store suite (langchain-tests), then what it does not cover: metadata
filters inside the scan, scores, the retriever and ruvector's own embeddings."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.vectorstores import VectorStore
from langchain_tests.integration_tests import VectorStoreIntegrationTests
from ruvector.integrations.langchain import RuVectorEmbeddings, RuVectorStore

import ruvector as rv


class TestStandardSuite(VectorStoreIntegrationTests):
    @pytest.fixture
    def vectorstore(self) -> VectorStore:
        return RuVectorStore(self.get_embeddings())


class TestStandardSuiteNativeEmbeddings(VectorStoreIntegrationTests):
    """The same suite with ruvector's HashEmbedder called natively by the collection (no feed)."""

    @pytest.fixture
    def vectorstore(self) -> VectorStore:
        return RuVectorStore(RuVectorEmbeddings(rv.HashEmbedder(64)))


# Forty documents: year 2000..2039, every tenth one "rare".
TEXTS = [f"report {i} about {'planets' if i % 2 else 'rivers'}" for i in range(40)]
METAS = [{"year": 2000 + i, "rare": i % 10 == 3, "topic": "planets" if i % 2 else "rivers"} for i in range(40)]


@pytest.fixture(params=["fake", "native"])
def store(request: pytest.FixtureRequest) -> RuVectorStore:
    embeddings = (
        DeterministicFakeEmbedding(size=32) if request.param == "fake" else RuVectorEmbeddings(rv.HashEmbedder(64))
    )
    # rabitq_threshold 8: the forty texts are searched by RaBitQ, whose probes hold only some rare ones.
    return RuVectorStore.from_texts(TEXTS, embeddings, METAS, ids=[f"doc-{i}" for i in range(40)], rabitq_threshold=8)


def test_a_selective_filter_still_returns_k_documents(store: RuVectorStore) -> None:
    assert store.collection is not None
    assert store.collection.index_kind == "rabitq"
    docs = store.similarity_search("report about planets", k=4, filter={"rare": True})
    assert sorted(d.id or "" for d in docs) == ["doc-13", "doc-23", "doc-3", "doc-33"]
    assert all(d.metadata["rare"] is True and "__ruvector_id" not in d.metadata for d in docs)
    ranged = store.similarity_search("report", k=5, filter={"year": {"$gte": 2030}, "topic": "rivers"})
    assert sorted(d.metadata["year"] for d in ranged) == [2030, 2032, 2034, 2036, 2038]


def test_scores_are_similarities_best_first(store: RuVectorStore) -> None:
    pairs = store.similarity_search_with_score(TEXTS[7], k=3)
    assert pairs[0][0].id == "doc-7"
    assert pairs[0][1] == pytest.approx(1.0, abs=1e-4)
    assert [s for _, s in pairs] == sorted((s for _, s in pairs), reverse=True)
    relevance = store.similarity_search_with_relevance_scores(TEXTS[7], k=1)
    assert relevance[0][1] == pytest.approx(1.0, abs=1e-4)


def test_retriever_passes_search_kwargs(store: RuVectorStore) -> None:
    retriever = store.as_retriever(search_kwargs={"k": 2, "filter": {"year": {"$in": [2005, 2006]}}})
    docs = retriever.invoke("report")
    assert sorted(d.id or "" for d in docs) == ["doc-5", "doc-6"]


def test_delete_and_replace(store: RuVectorStore) -> None:
    store.delete(["doc-3", "missing"])
    assert [d.id for d in store.get_by_ids(["doc-3", "doc-4"])] == ["doc-4"]
    store.add_documents([Document(id="doc-4", page_content="replaced", metadata={"year": 1})])
    assert store.get_by_ids(["doc-4"])[0].page_content == "replaced"
    store.delete()
    assert store.similarity_search("report", k=3) == []


def test_bad_filters_and_metadata_are_clear_errors(store: RuVectorStore) -> None:
    with pytest.raises(rv.InvalidInput, match=r"filter.year.\$gt expects a number, got string"):
        store.similarity_search("x", filter={"year": {"$gt": "2000"}})
    with pytest.raises(rv.InvalidInput, match="filter must be a metadata mapping"):
        store.similarity_search("x", filter=lambda doc: True)
    with pytest.raises(rv.InvalidInput, match="reserved"):
        store.add_texts(["x"], [{"__ruvector_id": "y"}])
