/*
 * CSV fields (RFC 4180) shared by the commands that write CSV tables:
 * text quoted only when it must be, numbers exact, NaN an empty field.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

void hsc_cli_csv_text(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

void hsc_cli_csv_number(FILE *out, double x)
{
    if (!isnan(x))
        fprintf(out, "%.17g", x);
}
