# utf8proc 2.8 (MIT; Unicode categories, canonical decomposition, case mapping for the BERT
# tokenizer) compiled from the files of Debian's source package committed under vendor/utf8proc
# (scripts/vendor_sources). Static and PIC for every target, so native and wasm share the same Unicode
# tables and the wheel has no run-time dependency. Compiled without the project's warning flags.
set(_utf8proc ${PROJECT_SOURCE_DIR}/vendor/utf8proc)
add_library(ruvector_utf8proc STATIC ${_utf8proc}/utf8proc.c)
set_target_properties(ruvector_utf8proc PROPERTIES
  C_STANDARD 99 POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden COMPILE_OPTIONS "-w")
target_compile_definitions(ruvector_utf8proc PUBLIC UTF8PROC_STATIC)
target_include_directories(ruvector_utf8proc SYSTEM PUBLIC ${_utf8proc})
