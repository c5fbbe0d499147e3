// MetaFilter: a condition on a Collection text's JSON metadata, written as a JSON object in the
// subset LangChain's and LlamaIndex's filters map to (docs/integrations.md):
//   {"field": value}                        equality (numbers compare by value: 1 == 1.0)
//   {"field": {"$eq"|"$ne": value}}         value: string, number, bool or null
//   {"field": {"$gt"|"$gte"|"$lt"|"$lte": number}}
//   {"field": {"$in"|"$nin": [values]}}     at most kMaxInValues scalars
//   {"field": {"$contains": value}}         the field is an array holding value
//   {"field": {"$exists": bool}}
//   {"$and": [filters]}, {"$or": [filters]}, {"$not": filter}; several keys in one object: all hold
// A missing field fails every operator except $ne, $nin and {"$exists": false}; a range on a field
// that is not a number fails. parse() refuses anything else, deeper than kMaxDepth, with more than
// kMaxTerms conditions or longer than kMaxBytes: InvalidInput naming the place ("filter.$and[1].year.$gt
// expects a number, got string").
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace ruvector {

class MetaFilter {
 public:
  static constexpr std::size_t kMaxDepth = 32;
  static constexpr std::size_t kMaxTerms = 4096;
  static constexpr std::size_t kMaxInValues = 1024;
  static constexpr std::size_t kMaxBytes = 1U << 16U;

  // "" or "{}" match everything.
  static MetaFilter parse(std::string_view json);
  // `meta`: "" (no metadata) or a JSON object, as Collection stores it.
  [[nodiscard]] bool matches(std::string_view meta) const;
  [[nodiscard]] bool matches_everything() const noexcept { return root_ == nullptr; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace ruvector
