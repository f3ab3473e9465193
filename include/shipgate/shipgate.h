/* shipgate.h: the umbrella header of the shipgate library. */
#ifndef SHIPGATE_H
#define SHIPGATE_H

#include "common.h"
#include "error.h"
#include "rule.h"
#include "finding.h"
#include "result.h"
#include "report.h"
#include "compare.h"
#include "scan.h"

#endif
