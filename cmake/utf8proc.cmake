# utf8proc 2.8 (MIT; Unicode categories, canonical decomposition, case mapping for the BERT
# tokenizer) compiled from Debian's source package, which scripts/bootstrap unpacks into
# third_party/utf8proc. Static and PIC for every target, so native and wasm share the same Unicode
# tables and the wheel has no run-time dependency. Compiled without the project's warning flags.
set(_utf8proc ${PROJECT_SOURCE_DIR}/third_party/utf8proc)
if(NOT EXISTS ${_utf8proc}/utf8proc.c)
  message(FATAL_ERROR "${_utf8proc}/utf8proc.c is missing: run scripts/bootstrap (it fetches Debian's "
                      "utf8proc source package into third_party/)")
endif()
add_library(ruvector_utf8proc STATIC ${_utf8proc}/utf8proc.c)
set_target_properties(ruvector_utf8proc PROPERTIES
  C_STANDARD 99 POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden COMPILE_OPTIONS "-w")
target_compile_definitions(ruvector_utf8proc PUBLIC UTF8PROC_STATIC)
target_include_directories(ruvector_utf8proc SYSTEM PUBLIC ${_utf8proc})
