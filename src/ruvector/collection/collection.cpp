#include "ruvector/collection/collection.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>
#include <utility>

#include "ruvector/collection/meta_filter.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/text_encoder.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#if !defined(__EMSCRIPTEN__)
#include "ruvector/core/file_io.hpp"
#endif

namespace ruvector {
namespace {

class HashEncoder final : public CollectionEncoder {
 public:
  explicit HashEncoder(const HashEmbedder& embedder) : embedder_(embedder) {}
  [[nodiscard]] std::size_t dim() const override { return embedder_.dim(); }
  [[nodiscard]] std::vector<float> embed(std::span<const std::string_view> texts) const override {
    return embedder_.embed(texts);
  }
  [[nodiscard]] std::string description() const override {
    return "hash dim=" + std::to_string(embedder_.dim()) + " ngram=" + std::to_string(embedder_.ngram_min()) + ".." +
           std::to_string(embedder_.ngram_max()) + " seed=" + std::to_string(embedder_.seed());
  }

 private:
  HashEmbedder embedder_;
};

class TextEncoderAdapter final : public CollectionEncoder {
 public:
  explicit TextEncoderAdapter(std::shared_ptr<const embed::TextEncoder> encoder) : encoder_(std::move(encoder)) {}
  [[nodiscard]] std::size_t dim() const override { return encoder_->dim(); }
  // Documents and queries with the model's document and query prompts, as sentence-transformers'
  // encode_document / encode_query (none for a model without prompts).
  [[nodiscard]] std::vector<float> embed(std::span<const std::string_view> texts) const override {
    return encoder_->embed(texts, embed::TextEncoder::kDefaultBatchSize, {}, nullptr,
                           encoder_->prompts().document_name());
  }
  [[nodiscard]] std::vector<float> embed_queries(std::span<const std::string_view> texts) const override {
    return encoder_->embed(texts, embed::TextEncoder::kDefaultBatchSize, {}, nullptr, encoder_->prompts().query_name());
  }
  [[nodiscard]] std::string description() const override {
    std::string out = "text-encoder dim=" + std::to_string(encoder_->dim()) +
                      " max_seq_length=" + std::to_string(encoder_->max_seq_length()) +
                      " pooling=" + std::string(embed::pooling_name(encoder_->pooling())) +
                      " normalize=" + (encoder_->normalize() ? "true" : "false");
    const auto& prompts = encoder_->prompts();
    if (!prompts.named.empty()) {
      // The stored vectors depend on the prompts: a collection saved with other prompts must not load.
      out += " prompts=" + std::string(prompts.query_name()) + "/" + std::string(prompts.document_name());
      for (const auto& [name, text] : prompts.named) out.append(" ").append(name).append("=").append(text);
    }
    return out;
  }

 private:
  std::shared_ptr<const embed::TextEncoder> encoder_;
};

class FunctionEncoder final : public CollectionEncoder {
 public:
  FunctionEncoder(std::size_t dim, EmbedFunction embed) : dim_(dim), embed_(std::move(embed)) {}
  [[nodiscard]] std::size_t dim() const override { return dim_; }
  [[nodiscard]] std::vector<float> embed(std::span<const std::string_view> texts) const override {
    return embed_(texts);
  }
  [[nodiscard]] std::string description() const override { return "function dim=" + std::to_string(dim_); }

 private:
  std::size_t dim_;
  EmbedFunction embed_;
};

class FlatAdapter final : public CollectionIndex {
 public:
  FlatAdapter(std::size_t dim, Metric metric) : index_(dim, metric) {}
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids) override { index_.add(vectors, ids); }
  std::size_t remove(std::span<const std::uint64_t> ids) override { return index_.remove(ids); }
  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k) const override {
    return index_.search(queries, k);
  }
  [[nodiscard]] SearchResults search_filtered(std::span<const float> queries, std::int64_t k,
                                              const IdFilter& accept) const override {
    return index_.search(queries, k, 0, accept);
  }
  [[nodiscard]] std::size_t size() const override { return index_.size(); }
  [[nodiscard]] std::string_view kind() const override { return "flat"; }

 private:
  FlatIndex index_;
};

rabitq::BuildParams params_for(Metric metric) {
  rabitq::BuildParams params;
  params.metric = metric;
  return params;
}

class RabitqAdapter final : public CollectionIndex {
 public:
  RabitqAdapter(std::span<const float> vectors, std::size_t dim, std::span<const std::uint64_t> ids, Metric metric)
      : index_(rabitq::RabitqIndex::build(vectors, dim, ids, params_for(metric))) {}
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids) override { index_.add(vectors, ids); }
  std::size_t remove(std::span<const std::uint64_t> ids) override { return index_.remove(ids); }
  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k) const override {
    return index_.search(queries, k);
  }
  [[nodiscard]] SearchResults search_filtered(std::span<const float> queries, std::int64_t k,
                                              const IdFilter& accept) const override {
    rabitq::SearchParams params;
    params.accept = accept;
    return index_.search(queries, k, params);
  }
  [[nodiscard]] std::size_t size() const override { return index_.size(); }
  [[nodiscard]] std::string_view kind() const override { return "rabitq"; }

 private:
  rabitq::RabitqIndex index_;
};

std::string index_name(std::string_view what, std::size_t i) {
  return std::string(what) + "[" + std::to_string(i) + "]";
}

}  // namespace

SearchResults CollectionIndex::search_filtered(std::span<const float> queries, std::int64_t k,
                                               const IdFilter& accept) const {
  const SearchResults all = search(queries, static_cast<std::int64_t>(std::max<std::size_t>(1, size())));
  SearchResults out;
  out.queries = all.queries;
  out.k = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(k), all.k));
  out.ids.resize(out.queries * out.k);
  out.distances.resize(out.queries * out.k);
  std::vector<std::size_t> found(out.queries, 0);
  for (std::size_t q = 0; q < all.queries; ++q) {
    for (std::size_t j = 0; j < all.k && found[q] < out.k; ++j) {
      if (!accept(all.ids[(q * all.k) + j])) continue;
      out.ids[(q * out.k) + found[q]] = all.ids[(q * all.k) + j];
      out.distances[(q * out.k) + found[q]] = all.distances[(q * all.k) + j];
      ++found[q];
    }
  }
  shrink_columns(out, found);
  return out;
}

std::shared_ptr<const CollectionEncoder> hash_collection_encoder(const HashEmbedder& embedder) {
  return std::make_shared<HashEncoder>(embedder);
}

std::shared_ptr<const CollectionEncoder> text_collection_encoder(std::shared_ptr<const embed::TextEncoder> encoder) {
  if (!encoder) throw_error(ErrorCode::kInvalidInput, "text encoder is null");
  return std::make_shared<TextEncoderAdapter>(std::move(encoder));
}

std::shared_ptr<const CollectionEncoder> function_collection_encoder(std::size_t dim, EmbedFunction embed) {
  if (dim < 1 || dim > CollectionFile::kMaxDim) {
    throw_error(ErrorCode::kInvalidInput, "encoder dim must be between 1 and " +
                                              std::to_string(CollectionFile::kMaxDim) + ", got " + std::to_string(dim));
  }
  return std::make_shared<FunctionEncoder>(dim, std::move(embed));
}

Collection::Collection(std::shared_ptr<const CollectionEncoder> encoder, CollectionOptions options)
    : encoder_(std::move(encoder)), options_(std::move(options)) {
  if (!encoder_) throw_error(ErrorCode::kInvalidInput, "a collection needs an encoder");
  if (encoder_->dim() < 1 || encoder_->dim() > CollectionFile::kMaxDim) {
    throw_error(ErrorCode::kInvalidInput, "encoder dim out of range: " + std::to_string(encoder_->dim()));
  }
  if (options_.rabitq_threshold < 1) throw_error(ErrorCode::kInvalidInput, "rabitq_threshold must be >= 1, got 0");
}

Collection::~Collection() = default;

std::vector<float> Collection::embed_checked(std::span<const std::string_view> texts, bool queries) const {
  check_utf8(texts);
  std::vector<float> vectors = queries ? encoder_->embed_queries(texts) : encoder_->embed(texts);
  const std::size_t dim = encoder_->dim();
  if (vectors.size() != texts.size() * dim) {
    if (vectors.size() % texts.size() == 0) check_dim(dim, vectors.size() / texts.size());
    throw_error(ErrorCode::kDimensionMismatch, "the encoder returned " + std::to_string(vectors.size()) +
                                                   " floats for " + std::to_string(texts.size()) +
                                                   " texts, expected dim " + std::to_string(dim) + " each");
  }
  check_finite(vectors, dim, "embeddings");
  return vectors;
}

std::vector<std::uint64_t> Collection::new_ids(std::span<const std::uint64_t> ids, std::size_t n) const {
  std::vector<std::uint64_t> out;
  if (ids.empty()) {
    if (n == 0) return out;
    const std::uint64_t first = any_id_used_ ? largest_id_used_ + 1 : 0;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    if ((any_id_used_ && largest_id_used_ == kMax) || n - 1 > kMax - first) {
      throw_error(ErrorCode::kInvalidInput, "automatic ids would pass 2**64 - 1 (largest id used: " +
                                                std::to_string(largest_id_used_) + "); pass ids");
    }
    for (std::size_t i = 0; i < n; ++i) out.push_back(first + i);
    return out;
  }
  if (ids.size() != n) {
    throw_error(ErrorCode::kInvalidInput,
                "got " + std::to_string(ids.size()) + " ids for " + std::to_string(n) + " texts");
  }
  std::unordered_set<std::uint64_t> seen;
  for (const std::uint64_t id : ids) {
    if (records_.contains(id) || !seen.insert(id).second) {
      throw_error(ErrorCode::kInvalidInput, "duplicate id " + std::to_string(id));
    }
  }
  return {ids.begin(), ids.end()};
}

std::vector<std::uint64_t> Collection::add(std::span<const std::string_view> texts, std::span<const std::uint64_t> ids,
                                           std::span<const std::string_view> metas) {
  const std::scoped_lock writer(write_mutex_);
  const std::size_t n = texts.size();
  if (!metas.empty() && metas.size() != n) {
    throw_error(ErrorCode::kInvalidInput,
                "got " + std::to_string(metas.size()) + " metas for " + std::to_string(n) + " texts");
  }
  std::vector<std::string> meta_values(n);
  for (std::size_t i = 0; i < metas.size(); ++i) meta_values[i] = canonical_meta(metas[i], index_name("metas", i));
  std::vector<std::uint64_t> assigned = new_ids(ids, n);
  if (n == 0) return assigned;
  std::vector<float> vectors = embed_checked(texts, false);
  std::vector<std::string> text_values(texts.begin(), texts.end());
  insert(std::move(vectors), assigned, std::move(text_values), std::move(meta_values));
  return assigned;
}

void Collection::insert(std::vector<float> vectors, std::span<const std::uint64_t> ids, std::vector<std::string> texts,
                        std::vector<std::string> metas) {
  const std::size_t dim = encoder_->dim();
  const std::unique_lock state(state_mutex_);
  grow_index(vectors, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const float* row = vectors.data() + (i * dim);
    records_[ids[i]] = Record{std::move(texts[i]), std::move(metas[i]), std::vector<float>(row, row + dim)};
    if (!any_id_used_ || ids[i] > largest_id_used_) largest_id_used_ = ids[i];
    any_id_used_ = true;
  }
  if (!options_.index_factory && index_->kind() == "flat" && records_.size() >= options_.rabitq_threshold) {
    std::vector<float> all;
    std::vector<std::uint64_t> all_ids;
    all.reserve(records_.size() * dim);
    all_ids.reserve(records_.size());
    for (const auto& [id, record] : records_) {
      all.insert(all.end(), record.vector.begin(), record.vector.end());
      all_ids.push_back(id);
    }
    index_ = std::make_unique<RabitqAdapter>(all, dim, all_ids, options_.metric);
  }
}

void Collection::grow_index(std::span<const float> vectors, std::span<const std::uint64_t> ids) {
  const std::size_t dim = encoder_->dim();
  if (index_) {
    index_->add(vectors, ids);
    return;
  }
  if (options_.index_factory) {
    index_ = options_.index_factory(vectors, dim, ids, options_.metric);
    if (!index_) throw_error(ErrorCode::kInvalidInput, "the index factory returned no index");
    return;
  }
  if (records_.size() + ids.size() >= options_.rabitq_threshold) {
    index_ = std::make_unique<RabitqAdapter>(vectors, dim, ids, options_.metric);
    return;
  }
  auto flat = std::make_unique<FlatAdapter>(dim, options_.metric);
  flat->add(vectors, ids);
  index_ = std::move(flat);
}

std::size_t Collection::remove(std::span<const std::uint64_t> ids) {
  const std::scoped_lock writer(write_mutex_);
  const std::unique_lock state(state_mutex_);
  if (!index_ || ids.empty()) return 0;
  const std::size_t removed = index_->remove(ids);
  for (const std::uint64_t id : ids) records_.erase(id);
  return removed;
}

std::vector<std::vector<CollectionHit>> Collection::query(std::span<const std::string_view> texts, std::int64_t k,
                                                          std::string_view filter) const {
  check_k(k);
  const MetaFilter meta_filter = MetaFilter::parse(filter);
  std::vector<std::vector<CollectionHit>> out(texts.size());
  if (texts.empty() || size() == 0) return out;
  const std::vector<float> vectors = embed_checked(texts, true);
  const std::shared_lock state(state_mutex_);
  if (!index_ || index_->size() == 0) return out;  // emptied while we embedded
  const IdFilter accept = [&](std::uint64_t id) {
    const auto it = records_.find(id);
    return it != records_.end() && meta_filter.matches(it->second.meta);
  };
  const SearchResults results =
      meta_filter.matches_everything() ? index_->search(vectors, k) : index_->search_filtered(vectors, k, accept);
  const bool l2 = options_.metric == Metric::kL2;
  for (std::size_t q = 0; q < results.queries; ++q) {
    for (std::size_t j = 0; j < results.k; ++j) {
      const std::uint64_t id = results.ids[(q * results.k) + j];
      const float distance = results.distances[(q * results.k) + j];
      const auto it = records_.find(id);
      if (it == records_.end()) continue;  // a caller's index that kept a removed id
      out[q].push_back(CollectionHit{id, l2 ? -distance : 1.0F - distance, it->second.text, it->second.meta});
    }
  }
  return out;
}

std::vector<std::uint64_t> Collection::ids(std::string_view filter) const {
  const MetaFilter meta_filter = MetaFilter::parse(filter);
  const std::shared_lock state(state_mutex_);
  std::vector<std::uint64_t> out;
  for (const auto& [id, record] : records_) {
    if (meta_filter.matches(record.meta)) out.push_back(id);
  }
  return out;
}

std::vector<CollectionHit> Collection::get(std::span<const std::uint64_t> ids) const {
  const std::shared_lock state(state_mutex_);
  std::vector<CollectionHit> out;
  for (const std::uint64_t id : ids) {
    const auto it = records_.find(id);
    if (it != records_.end()) out.push_back(CollectionHit{id, 0.0F, it->second.text, it->second.meta});
  }
  return out;
}

std::vector<std::uint8_t> Collection::serialize() const {
  CollectionFile file;
  file.metric = options_.metric;
  file.dim = static_cast<std::uint32_t>(encoder_->dim());
  file.encoder = encoder_->description();
  const std::shared_lock state(state_mutex_);
  file.any_id_used = any_id_used_;
  file.largest_id_used = largest_id_used_;
  file.records.reserve(records_.size());
  for (const auto& [id, record] : records_) file.records.push_back({id, record.text, record.meta, record.vector});
  return write_collection_file(file);
}

std::unique_ptr<Collection> Collection::deserialize(std::span<const std::uint8_t> bytes,
                                                    std::shared_ptr<const CollectionEncoder> encoder,
                                                    CollectionOptions options) {
  CollectionFile file = parse_collection_file(bytes);
  if (!encoder) throw_error(ErrorCode::kInvalidInput, "a collection needs an encoder");
  check_dim(file.dim, encoder->dim());
  if (file.encoder != encoder->description()) {
    throw_error(ErrorCode::kInvalidInput,
                "the collection was saved with encoder '" + file.encoder + "', not '" + encoder->description() + "'");
  }
  options.metric = file.metric;
  auto collection = std::make_unique<Collection>(std::move(encoder), std::move(options));
  collection->any_id_used_ = file.any_id_used;
  collection->largest_id_used_ = file.largest_id_used;
  if (file.records.empty()) return collection;
  std::vector<float> vectors;
  std::vector<std::uint64_t> ids;
  std::vector<std::string> texts;
  std::vector<std::string> metas;
  vectors.reserve(file.records.size() * file.dim);
  for (CollectionFile::Record& r : file.records) {
    vectors.insert(vectors.end(), r.vector.begin(), r.vector.end());
    ids.push_back(r.id);
    texts.push_back(std::move(r.text));
    metas.push_back(std::move(r.meta));
  }
  collection->insert(std::move(vectors), ids, std::move(texts), std::move(metas));
  return collection;
}

#if !defined(__EMSCRIPTEN__)
void Collection::save(const std::string& path) const {
  write_file_atomic(path, serialize());
}

std::unique_ptr<Collection> Collection::load(const std::string& path, std::shared_ptr<const CollectionEncoder> encoder,
                                             CollectionOptions options) {
  return deserialize(read_file(path), std::move(encoder), std::move(options));
}
#endif

std::size_t Collection::size() const {
  const std::shared_lock state(state_mutex_);
  return records_.size();
}

bool Collection::contains(std::uint64_t id) const {
  const std::shared_lock state(state_mutex_);
  return records_.contains(id);
}

std::string Collection::index_kind() const {
  const std::shared_lock state(state_mutex_);
  return index_ ? std::string(index_->kind()) : std::string();
}

}  // namespace ruvector
