#include "h2_summary.h"
int h2_report_write(FILE *fp, const h2_summary_t *s) { return 0; }
