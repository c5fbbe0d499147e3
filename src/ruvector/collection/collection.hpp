// Collection: texts with u64 ids and JSON metadata, embedded by an encoder and searched by text --
// the one implementation behind Python's rv.Collection, JS's Collection and Pyodide's.
//
// The index is chosen by size: exact (FlatIndex) while the collection is small, RaBitQ once it
// reaches `rabitq_threshold` texts (rebuilt once from the stored vectors; it stays RaBitQ after
// removes). A caller may supply its own index instead (`IndexFactory`, called on the first add).
// The collection keeps every vector, so a save never re-embeds and a load rebuilds the index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/collection/collection_format.hpp"
#include "ruvector/core/id_filter.hpp"
#include "ruvector/core/metric.hpp"
#include "ruvector/core/shared_mutex.hpp"
#include "ruvector/embed/hash_embedder.hpp"
#include "ruvector/flat/flat_index.hpp"

namespace ruvector::embed {
class TextEncoder;
}

namespace ruvector {

// What a Collection embeds texts with.
class CollectionEncoder {
 public:
  CollectionEncoder() = default;
  CollectionEncoder(const CollectionEncoder&) = delete;
  CollectionEncoder& operator=(const CollectionEncoder&) = delete;
  virtual ~CollectionEncoder() = default;
  [[nodiscard]] virtual std::size_t dim() const = 0;
  // texts.size() rows of dim() floats, row-major.
  [[nodiscard]] virtual std::vector<float> embed(std::span<const std::string_view> texts) const = 0;
  // The rows of query texts: embed() unless the encoder embeds queries differently (a model's query prompt).
  [[nodiscard]] virtual std::vector<float> embed_queries(std::span<const std::string_view> texts) const {
    return embed(texts);
  }
  // Saved with the collection and compared on load, e.g. "hash dim=384 ngram=3..5 seed=0".
  [[nodiscard]] virtual std::string description() const = 0;
};

std::shared_ptr<const CollectionEncoder> hash_collection_encoder(const HashEmbedder& embedder);
std::shared_ptr<const CollectionEncoder> text_collection_encoder(std::shared_ptr<const embed::TextEncoder> encoder);
// A caller's function (a binding's callback into Python or JS). Its rows are checked: DimensionMismatch
// unless it returns texts.size() * dim floats, InvalidInput for NaN/Inf.
using EmbedFunction = std::function<std::vector<float>(std::span<const std::string_view>)>;
std::shared_ptr<const CollectionEncoder> function_collection_encoder(std::size_t dim, EmbedFunction embed);

// The index interface a Collection searches; FlatIndex and RaBitQ are wrapped in it, and a binding
// wraps a caller's index object.
class CollectionIndex {
 public:
  CollectionIndex() = default;
  CollectionIndex(const CollectionIndex&) = delete;
  CollectionIndex& operator=(const CollectionIndex&) = delete;
  virtual ~CollectionIndex() = default;
  virtual void add(std::span<const float> vectors, std::span<const std::uint64_t> ids) = 0;
  virtual std::size_t remove(std::span<const std::uint64_t> ids) = 0;
  [[nodiscard]] virtual SearchResults search(std::span<const float> queries, std::int64_t k) const = 0;
  // Only ids `accept` passes, still k of them when k pass. The built-in indexes ask during their scan;
  // this default (a caller's index) searches every row and keeps the accepted ones.
  [[nodiscard]] virtual SearchResults search_filtered(std::span<const float> queries, std::int64_t k,
                                                      const IdFilter& accept) const;
  [[nodiscard]] virtual std::size_t size() const = 0;
  [[nodiscard]] virtual std::string_view kind() const = 0;  // "flat", "rabitq" or "custom"
};

// Called once, on the first add, with those rows and ids.
using IndexFactory = std::function<std::unique_ptr<CollectionIndex>(std::span<const float> vectors, std::size_t dim,
                                                                    std::span<const std::uint64_t> ids, Metric metric)>;

struct CollectionOptions {
  static constexpr std::size_t kDefaultRabitqThreshold = 20000;
  Metric metric = Metric::kCosine;
  std::size_t rabitq_threshold = kDefaultRabitqThreshold;  // >= 1
  IndexFactory index_factory;                              // empty = flat, then RaBitQ
};

// One hit: `score` is higher for closer texts (1 - distance for cosine and ip, -distance for l2);
// `meta` is the metadata as compact JSON ("" when the text has none).
struct CollectionHit {
  std::uint64_t id = 0;
  float score = 0.0F;
  std::string text;
  std::string meta;
};

class Collection {
 public:
  explicit Collection(std::shared_ptr<const CollectionEncoder> encoder, CollectionOptions options = {});
  Collection(const Collection&) = delete;
  Collection& operator=(const Collection&) = delete;
  ~Collection();

  // Embeds and stores texts; returns their ids. `ids` empty: they continue after the largest id
  // ever used (0, 1, ... at first). `metas`: empty, or one per text ("" = none, else a JSON object).
  // Everything is validated before anything changes; adds and removes are serialised.
  std::vector<std::uint64_t> add(std::span<const std::string_view> texts, std::span<const std::uint64_t> ids = {},
                                 std::span<const std::string_view> metas = {});
  // Removes by id (unknown ids are ignored); returns how many were removed.
  std::size_t remove(std::span<const std::uint64_t> ids);
  // The k best hits per text, best first, ties by ascending id; no hits on an empty collection.
  // `filter` ("" = none): a MetaFilter (meta_filter.hpp) on the texts' metadata, applied inside the
  // index scan, so k hits come back whenever k texts match. May run concurrently with add/remove and
  // other queries.
  [[nodiscard]] std::vector<std::vector<CollectionHit>> query(std::span<const std::string_view> texts, std::int64_t k,
                                                              std::string_view filter = {}) const;

  // The ids of the stored texts whose metadata pass `filter` ("" = every text), ascending.
  [[nodiscard]] std::vector<std::uint64_t> ids(std::string_view filter = {}) const;
  // The stored texts with these ids, in the order asked (score 0); unknown ids are skipped.
  [[nodiscard]] std::vector<CollectionHit> get(std::span<const std::uint64_t> ids) const;

  [[nodiscard]] std::vector<std::uint8_t> serialize() const;
  // The encoder must give the saved dim (DimensionMismatch) and description (InvalidInput);
  // the metric is the saved one. Corrupt bytes: PersistError.
  static std::unique_ptr<Collection> deserialize(std::span<const std::uint8_t> bytes,
                                                 std::shared_ptr<const CollectionEncoder> encoder,
                                                 CollectionOptions options = {});
#if !defined(__EMSCRIPTEN__)
  void save(const std::string& path) const;  // atomic (write_file_atomic)
  static std::unique_ptr<Collection> load(const std::string& path, std::shared_ptr<const CollectionEncoder> encoder,
                                          CollectionOptions options = {});
#endif

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] bool contains(std::uint64_t id) const;
  [[nodiscard]] std::size_t dim() const noexcept { return encoder_->dim(); }
  [[nodiscard]] Metric metric() const noexcept { return options_.metric; }
  [[nodiscard]] std::size_t rabitq_threshold() const noexcept { return options_.rabitq_threshold; }
  // "" before the first add, else the index's kind().
  [[nodiscard]] std::string index_kind() const;
  [[nodiscard]] const CollectionEncoder& encoder() const noexcept { return *encoder_; }

 private:
  struct Record {
    std::string text;
    std::string meta;
    std::vector<float> vector;
  };

  [[nodiscard]] std::vector<std::uint64_t> new_ids(std::span<const std::uint64_t> ids, std::size_t n) const;
  [[nodiscard]] std::vector<float> embed_checked(std::span<const std::string_view> texts, bool queries) const;
  void insert(std::vector<float> vectors, std::span<const std::uint64_t> ids, std::vector<std::string> texts,
              std::vector<std::string> metas);
  void grow_index(std::span<const float> vectors, std::span<const std::uint64_t> ids);

  std::shared_ptr<const CollectionEncoder> encoder_;
  CollectionOptions options_;
  std::mutex write_mutex_;                           // serialises add/remove (held while embedding)
  mutable WriterPreferringSharedMutex state_mutex_;  // guards what follows
  std::map<std::uint64_t, Record> records_;
  std::unique_ptr<CollectionIndex> index_;
  bool any_id_used_ = false;
  std::uint64_t largest_id_used_ = 0;
};

}  // namespace ruvector
