"""The procuratorate tree (GB/T 2260 divisions) and its selectors."""
