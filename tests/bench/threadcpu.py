#!/usr/bin/env python3
"""CPU seconds per thread group of every platform JVM, from /proc/<pid>/task/*/stat (Linux).

  threadcpu.py snap <run/status.json> <launcher pid> <out.json>   records utime + stime of every thread
  threadcpu.py diff <before.json> <after.json>                     prints what each thread group used in between
  threadcpu.py jit <before.json> <after.json>                      prints the JIT compilers' share of that CPU (%)

Thread names are grouped with their digits replaced by '#' ("C2 CompilerThread1" -> "C# CompilerThre", the kernel keeps
15 characters). It tells JIT compilation, GC and the application's own threads apart, which a sampling profiler
(JFR samples Java threads only) does not.
"""
import json
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")
PROCESS = "(process)"


def snap(status, launcher_pid, out):
    instances = json.load(open(status))["instances"] + [{"id": "launcher+kafka", "pid": launcher_pid}]
    result = {}
    for instance in instances:
        groups = {}
        task_dir = f"/proc/{instance['pid']}/task"
        for task in os.listdir(task_dir) if os.path.isdir(task_dir) else []:
            try:
                stat = open(f"{task_dir}/{task}/stat").read()
            except OSError:
                continue  # the thread ended
            name = re.sub(r"\d+", "#", stat[stat.index("(") + 1:stat.rindex(")")])
            fields = stat.rsplit(")", 1)[1].split()
            groups[name] = groups.get(name, 0) + (int(fields[11]) + int(fields[12])) / TICK
        try:  # the process's own count also holds the threads that ended, which the groups above lose
            fields = open(f"/proc/{instance['pid']}/stat").read().rsplit(")", 1)[1].split()
            groups[PROCESS] = (int(fields[11]) + int(fields[12])) / TICK
        except OSError:
            pass
        result[instance["id"]] = groups
    json.dump(result, open(out, "w"))


def diff(before_file, after_file):
    before, after = json.load(open(before_file)), json.load(open(after_file))
    total = {}
    processes = 0.0
    for instance, groups in after.items():
        used = sorted(((cpu - before.get(instance, {}).get(name, 0), name) for name, cpu in groups.items()
                       if name != PROCESS), reverse=True)
        own = groups[PROCESS] - before.get(instance, {}).get(PROCESS, 0) if PROCESS in groups else sum(u for u, _ in used)
        processes += own
        print(f"  {instance} {own:.1f} s: " + ", ".join(f"{n} {u:.1f}" for u, n in used[:8] if u >= 0.1))
        for u, n in used:
            total[n] = total.get(n, 0) + u
    top = sorted(total.items(), key=lambda kv: -kv[1])[:12]
    print(f"  all JVMs {processes:.1f} s: " + ", ".join(f"{n} {u:.1f}" for n, u in top))


def jit(before_file, after_file):
    before, after = json.load(open(before_file)), json.load(open(after_file))
    used = {"all": 0.0, "jit": 0.0}
    for instance, groups in after.items():
        for name, cpu in groups.items():
            if name == PROCESS:
                continue
            u = cpu - before.get(instance, {}).get(name, 0)
            used["all"] += u
            used["jit"] += u if "CompilerThre" in name else 0
    print(f"{100 * used['jit'] / max(used['all'], 0.001):.0f}")


if __name__ == "__main__":
    {"snap": lambda: snap(*sys.argv[2:5]), "diff": lambda: diff(*sys.argv[2:4]), "jit": lambda: jit(*sys.argv[2:4])}[sys.argv[1]]()
