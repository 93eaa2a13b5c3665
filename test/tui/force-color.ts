// Ink's colours come from chalk, which decides at import whether the output supports colour. The test stdout is
// not a terminal, so force colour on before Ink loads: the tests read the selected row by its inverse video.
// Import this module first.
process.env.FORCE_COLOR = '1';
