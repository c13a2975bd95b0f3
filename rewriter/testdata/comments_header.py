#!/usr/bin/env python3
# -*- coding: utf-8 -*-
async def f():
    from time import sleep
    sleep(1)
