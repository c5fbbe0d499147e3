#include "ruvector/collection/meta_filter.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ruvector/core/error.hpp"

namespace ruvector {

struct MetaFilter::Node {
  enum class Kind { kAnd, kOr, kNot, kField } kind = Kind::kAnd;
  enum class FieldOp { kEq, kNe, kGt, kGte, kLt, kLte, kIn, kNin, kContains, kExists };
  std::vector<Node> children;  // kAnd, kOr; kNot: one
  std::string field;           // kField
  FieldOp op = FieldOp::kEq;
  std::vector<boost::json::value> values;  // kField: one, or the $in / $nin list
};

namespace {

using Node = MetaFilter::Node;
using FieldOp = Node::FieldOp;
using boost::json::value;

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
  throw_error(ErrorCode::kInvalidInput, where + " " + what);
}

std::string_view kind_name(const value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "bool";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
    default: return "number";
  }
}

bool is_scalar(const value& v) {
  return !v.is_array() && !v.is_object();
}

// Numbers by value (1 == 1.0; integers exactly), everything else as JSON values.
bool json_equal(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() || b.is_double()) return a.to_number<double>() == b.to_number<double>();
    if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
    if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
    const std::int64_t s = a.is_int64() ? a.get_int64() : b.get_int64();
    const std::uint64_t u = a.is_uint64() ? a.get_uint64() : b.get_uint64();
    return std::cmp_equal(s, u);
  }
  return a == b;
}

class Parser {
 public:
  Node parse_filter(const value& v, const std::string& where, std::size_t depth) {
    if (depth > MetaFilter::kMaxDepth) {
      refuse(where, "nests deeper than " + std::to_string(MetaFilter::kMaxDepth) + " levels");
    }
    if (!v.is_object()) refuse(where, "must be a JSON object, got " + std::string(kind_name(v)));
    Node all;
    all.kind = Node::Kind::kAnd;
    for (const auto& [key, sub] : v.get_object()) {
      const std::string name(key);
      const std::string here = member(where, name);
      count(here);
      if (name.starts_with('$')) {
        all.children.push_back(parse_combination(name, sub, here, depth));
      } else if (sub.is_object()) {
        if (sub.get_object().empty()) refuse(here, "needs an operator such as $eq");
        for (const auto& [op_key, operand] : sub.get_object()) {
          const std::string op_name(op_key);
          all.children.push_back(parse_condition(name, op_name, operand, member(here, op_name)));
        }
      } else {
        all.children.push_back(parse_condition(name, "$eq", sub, here));  // {"field": value}
      }
    }
    if (all.children.size() == 1) return std::move(all.children.front());
    return all;
  }

 private:
  static std::string member(const std::string& where, const std::string& name) {
    std::string out = where;
    out += '.';
    out += name;
    return out;
  }

  // $and / $or (a non-empty array of filters) or $not (one filter).
  Node parse_combination(const std::string& name, const value& sub, const std::string& here, std::size_t depth) {
    Node group;
    if (name == "$not") {
      group.kind = Node::Kind::kNot;
      group.children.push_back(parse_filter(sub, here, depth + 1));
      return group;
    }
    if (name != "$and" && name != "$or") refuse(here, "is not an operator (use $and, $or, $not or a field name)");
    if (!sub.is_array() || sub.get_array().empty()) refuse(here, "expects a non-empty array of filters");
    group.kind = name == "$and" ? Node::Kind::kAnd : Node::Kind::kOr;
    const auto& items = sub.get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      group.children.push_back(parse_filter(items[i], here + "[" + std::to_string(i) + "]", depth + 1));
    }
    return group;
  }

  void count(const std::string& where) {
    if (++terms_ > MetaFilter::kMaxTerms) {
      refuse(where, "takes the filter past " + std::to_string(MetaFilter::kMaxTerms) + " conditions");
    }
  }

  static FieldOp op_named(const std::string& op, const std::string& where) {
    static const std::pair<std::string_view, FieldOp> kOps[] = {
        {"$eq", FieldOp::kEq},        {"$ne", FieldOp::kNe},   {"$gt", FieldOp::kGt},
        {"$gte", FieldOp::kGte},      {"$lt", FieldOp::kLt},   {"$lte", FieldOp::kLte},
        {"$in", FieldOp::kIn},        {"$nin", FieldOp::kNin}, {"$contains", FieldOp::kContains},
        {"$exists", FieldOp::kExists}};
    for (const auto& [name, value] : kOps) {
      if (name == op) return value;
    }
    refuse(where, "is not a field operator (one of $eq $ne $gt $gte $lt $lte $in $nin $contains $exists)");
  }

  Node parse_condition(const std::string& field, const std::string& op_name, const value& operand,
                       const std::string& where) {
    Node node;
    node.kind = Node::Kind::kField;
    node.field = field;
    node.op = op_named(op_name, where);
    switch (node.op) {
      case FieldOp::kGt:
      case FieldOp::kGte:
      case FieldOp::kLt:
      case FieldOp::kLte:
        if (!operand.is_number()) refuse(where, "expects a number, got " + std::string(kind_name(operand)));
        break;
      case FieldOp::kExists:
        if (!operand.is_bool()) refuse(where, "expects true or false, got " + std::string(kind_name(operand)));
        break;
      case FieldOp::kIn:
      case FieldOp::kNin: {
        if (!operand.is_array()) refuse(where, "expects an array, got " + std::string(kind_name(operand)));
        const auto& items = operand.get_array();
        if (items.size() > MetaFilter::kMaxInValues) {
          refuse(where, "holds " + std::to_string(items.size()) + " values, at most " +
                            std::to_string(MetaFilter::kMaxInValues) + " allowed");
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (!is_scalar(items[i])) {
            refuse(where + "[" + std::to_string(i) + "]",
                   "must be a string, number, bool or null, got " + std::string(kind_name(items[i])));
          }
          count(where);
        }
        node.values.assign(items.begin(), items.end());
        return node;
      }
      default:
        if (!is_scalar(operand)) {
          refuse(where, "expects a string, number, bool or null, got " + std::string(kind_name(operand)));
        }
    }
    node.values.push_back(operand);
    return node;
  }

  std::size_t terms_ = 0;
};

bool holds(const Node& node, const boost::json::object& meta);

bool field_holds(const Node& node, const boost::json::object& meta) {
  const value* field = meta.if_contains(node.field);
  const auto field_in_values = [&] {
    return std::any_of(node.values.begin(), node.values.end(), [&](const value& v) { return json_equal(*field, v); });
  };
  // $in / $nin may hold no values ($in: [] matches nothing, $nin: [] everything); every other
  // operator holds exactly one.
  if (node.op == FieldOp::kIn) return field != nullptr && field_in_values();
  if (node.op == FieldOp::kNin) return field == nullptr || !field_in_values();
  const value& operand = node.values.front();
  switch (node.op) {
    case FieldOp::kExists: return (field != nullptr) == operand.get_bool();
    case FieldOp::kNe: return field == nullptr || !json_equal(*field, operand);
    default: break;
  }
  if (field == nullptr) return false;
  switch (node.op) {
    case FieldOp::kEq: return json_equal(*field, operand);
    case FieldOp::kContains:
      return field->is_array() && std::any_of(field->get_array().begin(), field->get_array().end(),
                                              [&](const value& v) { return json_equal(v, operand); });
    default: break;
  }
  if (!field->is_number()) return false;
  const double x = field->to_number<double>();
  const double bound = operand.to_number<double>();
  switch (node.op) {
    case FieldOp::kGt: return x > bound;
    case FieldOp::kGte: return x >= bound;
    case FieldOp::kLt: return x < bound;
    default: return x <= bound;  // kLte
  }
}

bool holds(const Node& node, const boost::json::object& meta) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      return std::all_of(node.children.begin(), node.children.end(), [&](const Node& c) { return holds(c, meta); });
    case Node::Kind::kOr:
      return std::any_of(node.children.begin(), node.children.end(), [&](const Node& c) { return holds(c, meta); });
    case Node::Kind::kNot: return !holds(node.children.front(), meta);
    default: return field_holds(node, meta);
  }
}

}  // namespace

MetaFilter MetaFilter::parse(std::string_view json) {
  MetaFilter filter;
  if (json.empty()) return filter;
  if (json.size() > kMaxBytes) {
    throw_error(ErrorCode::kInvalidInput, "filter of " + std::to_string(json.size()) + " bytes, at most " +
                                              std::to_string(kMaxBytes) + " allowed");
  }
  boost::json::parse_options options;
  options.max_depth = 2 * kMaxDepth + 4;  // deeper than any filter we accept: the parser names it below
  boost::system::error_code ec;
  const value parsed = boost::json::parse(json, ec, {}, options);
  if (ec == boost::json::error::too_deep) {
    throw_error(ErrorCode::kInvalidInput, "filter nests deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (ec) throw_error(ErrorCode::kInvalidInput, "filter is not valid JSON: " + ec.message());
  Parser parser;
  Node root = parser.parse_filter(parsed, "filter", 0);
  if (root.kind == Node::Kind::kAnd && root.children.empty()) return filter;
  filter.root_ = std::make_shared<const Node>(std::move(root));
  return filter;
}

bool MetaFilter::matches(std::string_view meta) const {
  if (!root_) return true;
  static const boost::json::object kNoMetadata;
  if (meta.empty()) return holds(*root_, kNoMetadata);
  boost::system::error_code ec;
  const value parsed = boost::json::parse(meta, ec);
  if (ec || !parsed.is_object()) return false;  // Collection stores only objects; never reached
  return holds(*root_, parsed.get_object());
}

}  // namespace ruvector
