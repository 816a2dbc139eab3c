/* Umbrella header: the whole public API of libilonet. */
#ifndef ILONET_H
#define ILONET_H

#include "ilonet/aliases.h"
#include "ilonet/atomic_file.h"
#include "ilonet/centrality.h"
#include "ilonet/community.h"
#include "ilonet/csv_read.h"
#include "ilonet/ego.h"
#include "ilonet/error.h"
#include "ilonet/export.h"
#include "ilonet/graph.h"
#include "ilonet/igraph_bridge.h"
#include "ilonet/load.h"
#include "ilonet/network.h"
#include "ilonet/pipeline.h"
#include "ilonet/report.h"
#include "ilonet/strtab.h"
#include "ilonet/structure.h"
#include "ilonet/threads.h"
#include "ilonet/timeline.h"
#include "ilonet/triangles.h"
#include "ilonet/twomode.h"
#include "ilonet/workers.h"

#endif
