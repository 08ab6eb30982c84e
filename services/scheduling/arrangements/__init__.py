"""Arranging what the people booked need (interpreters, large print, step-free access, a taxi...),
and the venues whose access features those needs are checked against."""
