// Ink's colours come from chalk, which decides at import whether the output supports colour. The test stdout is
// not a terminal, so force colour on before Ink loads: the tests read the selected row by its inverse video.
// Ink also decides at import whether it runs in CI (is-in-ci) and then draws only a final frame; these tests
// imitate a person's terminal, as `minik9s dashboard` does by clearing CI before it loads Ink.
// Import this module first.
process.env.FORCE_COLOR = '1';
process.env.CI = 'false';
delete process.env.CONTINUOUS_INTEGRATION;
